package net.vpnaas.ike.bench;

import java.net.InetSocketAddress;

/** A responder under test, running in its own namespace pinned to one core. */
sealed interface Responder extends AutoCloseable permits CharonResponder, EngineResponder {

    String label();

    long pid();

    /** Where the generator sends IKE_SA_INIT (port 500). */
    InetSocketAddress address();

    /**
     * Evidence from the responder itself that the handshake {@code h} (still up) is established with
     * its Child SA; throws if it is not.
     */
    String confirmEstablished(Handshake h);

    /** What the responder says about itself after the run (SA counts), for the report. */
    String summary();

    @Override
    void close();
}
