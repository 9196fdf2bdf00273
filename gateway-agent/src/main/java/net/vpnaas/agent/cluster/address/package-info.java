/**
 * The cluster's floating addresses: the active member holds the gateway's public addresses on its interface
 * and announces them to the segment ({@link net.vpnaas.agent.cluster.address.FloatingAddress}).
 */
package net.vpnaas.agent.cluster.address;
