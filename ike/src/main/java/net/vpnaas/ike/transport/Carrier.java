package net.vpnaas.ike.transport;

/** What carries an IKE SA's messages (and its Child SAs' ESP): UDP datagrams, or a TCP stream (RFC 9329). */
public enum Carrier { UDP, TCP }
