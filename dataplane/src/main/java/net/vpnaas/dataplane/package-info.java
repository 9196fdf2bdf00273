/** ESP data path (RFC 4303). */
package net.vpnaas.dataplane;
