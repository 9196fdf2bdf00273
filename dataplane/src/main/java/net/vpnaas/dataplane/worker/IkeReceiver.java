package net.vpnaas.dataplane.worker;

import java.net.InetSocketAddress;

/** Receives IKE messages that arrived on the shared UDP 4500 socket, non-ESP marker removed, or on a TCP stream. */
@FunctionalInterface
public interface IkeReceiver {
    void received(InetSocketAddress local, InetSocketAddress remote, byte[] message);

    /** An IKE message from a TCP stream (RFC 9329), framing and marker removed. Without TCP encapsulation: dropped. */
    default void receivedOnStream(InetSocketAddress local, InetSocketAddress remote, byte[] message) {}

    /** A stream we originated to {@code remote} was connected again after it ended. */
    default void streamReconnected(InetSocketAddress local, InetSocketAddress remote) {}
}
