/**
 * EAP in IKE_AUTH (RFC 7296 2.16) with this engine as the EAP authenticator: the engine carries EAP
 * messages between the IKE peer and an {@link net.vpnaas.ike.eap.EapAuthenticator} it is given (in the
 * product a RADIUS back end, which the engine knows nothing of), and authenticates the IKE SA with the
 * MSK the method produced. {@link net.vpnaas.ike.eap.EapPacket} reads the few EAP header fields the
 * engine itself needs (RFC 3748 4); {@link net.vpnaas.ike.eap.EapMethods} knows which methods may stand
 * in for the responder's own AUTH (RFC 5998).
 */
package net.vpnaas.ike.eap;
