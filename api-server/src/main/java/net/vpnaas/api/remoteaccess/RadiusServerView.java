package net.vpnaas.api.remoteaccess;

/** A RADIUS server of an endpoint as stored and shown: where it is, never its secret (write-only). */
public record RadiusServerView(String address, int port) {}
