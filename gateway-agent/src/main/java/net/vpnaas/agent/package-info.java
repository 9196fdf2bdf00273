/** The gateway agent process. */
package net.vpnaas.agent;
