package net.vpnaas.ike.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Dead peer detection (RFC 7296 2.4): after {@code delay} without a message from the peer an empty
 * INFORMATIONAL asks whether it is alive; when {@code timeout} passes after that without any answer,
 * the peer is dead. A peer that leaves any of our requests unanswered until the retransmissions give
 * up is dead too, also with {@code delay} zero (no probes). What follows is {@code action}.
 */
public record DeadPeerDetection(Duration delay, Duration timeout, Action action) {

    /** What happens to a connection whose peer died; its IKE SA and Child SAs are gone in every case. */
    public enum Action {
        /** Nothing more: the connection stays down until it is set up again from outside. */
        CLEAR,
        /**
         * The Child SAs' policies stay in the data path without SAs, so the next packet that matches
         * one asks for the connection to be set up again (an acquire).
         */
        HOLD,
        /** The connection is set up again at once. */
        RESTART
    }

    /** No probes; a peer that stops answering our requests is cleared. */
    public static final DeadPeerDetection OFF = new DeadPeerDetection(Duration.ZERO, Duration.ZERO, Action.CLEAR);

    public DeadPeerDetection {
        Objects.requireNonNull(action);
        if (delay.isNegative() || timeout.isNegative()) throw new IllegalArgumentException("DPD times must not be negative");
        if (!delay.isZero() && timeout.isZero()) throw new IllegalArgumentException("DPD probes need a timeout");
    }

    public boolean probes() {
        return !delay.isZero();
    }
}
