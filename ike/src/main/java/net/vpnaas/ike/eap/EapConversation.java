package net.vpnaas.ike.eap;

/** One EAP authentication, driven by the engine: {@link #start} once, then {@link #respond} per EAP-Response of the peer. */
public interface EapConversation {

    /** The first step: normally the first EAP-Request to send to the peer. */
    EapStep start();

    /** The next step after the peer's EAP-Response {@code eap} (an EAP packet as the EAP payload carried it). */
    EapStep respond(byte[] eap);
}
