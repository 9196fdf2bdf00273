package net.vpnaas.dataplane.worker;

import java.net.InetSocketAddress;

/** Receives IKE messages that arrived on the shared UDP 4500 socket, non-ESP marker removed. */
@FunctionalInterface
public interface IkeReceiver {
    void received(InetSocketAddress local, InetSocketAddress remote, byte[] message);
}
