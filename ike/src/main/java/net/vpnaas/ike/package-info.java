/** IKEv2 engine (RFC 7296). */
package net.vpnaas.ike;
