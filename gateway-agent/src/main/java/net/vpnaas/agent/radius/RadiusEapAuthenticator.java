package net.vpnaas.agent.radius;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.eap.EapAuthenticator;
import net.vpnaas.ike.eap.EapConversation;
import net.vpnaas.ike.eap.EapPacket;
import net.vpnaas.ike.eap.EapStep;
import net.vpnaas.ike.message.IdType;

/**
 * The engine's EAP back end as a RADIUS pass-through authenticator (RFC 3579): the EAP methods run
 * between the IKE peer and the RADIUS server, each EAP-Response going up in an Access-Request with
 * the State the server last sent, each Access-Challenge's EAP-Message coming back as the next
 * EAP-Request. Access-Accept ends it with the MSK from MS-MPPE-Recv-Key | MS-MPPE-Send-Key (RFC 2548,
 * the authenticator's receive key first, as RFC 3579 and strongSwan's eap-radius take them);
 * Access-Reject with the server's Reply-Message as the reason, and the EAP method's own account of the
 * failure where the server gave it to the client instead ({@link MsChapV2Failure}).
 *
 * <p>A peer whose IKE identity is a name (RFC822, FQDN, KEY_ID) needs no EAP-Identity round: that
 * name goes to the server as its EAP-Response/Identity (RFC 7296 2.16 allows it), so the server's
 * first request, and with it the method, is known before the gateway's first IKE_AUTH answer, which
 * EAP-only (RFC 5998) needs. A peer named by an address is asked for its EAP identity first.
 */
public final class RadiusEapAuthenticator implements EapAuthenticator {
    private static final Logger LOG = Logger.getLogger(RadiusEapAuthenticator.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Microsoft's vendor id and the MPPE key sub-attributes (RFC 2548 2.4.2, 2.4.3). */
    static final int MICROSOFT = 311;
    static final int MS_MPPE_SEND_KEY = 16;
    static final int MS_MPPE_RECV_KEY = 17;
    /** NAS-Port-Type Virtual (RFC 2865 5.41), Service-Type Framed (5.6). */
    private static final int PORT_TYPE_VIRTUAL = 5;
    private static final int SERVICE_FRAMED = 2;

    private final RadiusClient client;
    private final String nasIdentifier;

    /** @param nasIdentifier names this gateway to the server (RFC 2865 5.32; a request needs it or a NAS-IP-Address) */
    public RadiusEapAuthenticator(RadiusClient client, String nasIdentifier) {
        this.client = client;
        this.nasIdentifier = nasIdentifier;
    }

    @Override
    public EapConversation begin(Identity ikeIdentity, InetSocketAddress peer) {
        return new Conversation(ikeIdentity, peer);
    }

    private final class Conversation implements EapConversation {
        private final Identity ikeIdentity;
        private final InetSocketAddress peer;
        /** The EAP identity, once known. */
        private String identity;
        /** The server of this conversation and its last State (RFC 2865 5.24), after the first answer. */
        private RadiusServer server;
        private byte[] state;
        /** What the EAP method told the client about its failure, when the server said it there (see {@link MsChapV2Failure}). */
        private String methodFailure;

        Conversation(Identity ikeIdentity, InetSocketAddress peer) {
            this.ikeIdentity = ikeIdentity;
            this.peer = peer;
        }

        @Override
        public EapStep start() {
            IdType type = IdType.of(ikeIdentity.typeCode());
            if (type == IdType.RFC822_ADDR || type == IdType.FQDN || type == IdType.KEY_ID) {
                identity = new String(ikeIdentity.data(), StandardCharsets.UTF_8);
                return ask(EapPacket.identityResponse(0, identity));
            }
            return new EapStep.Request(EapPacket.identityRequest(RANDOM.nextInt(256)));
        }

        @Override
        public EapStep respond(byte[] eap) {
            if (!EapPacket.wellFormed(eap) || EapPacket.code(eap) != EapPacket.RESPONSE) {
                return new EapStep.Failure(EapPacket.outcome(EapPacket.FAILURE, EapPacket.identifier(eap)), "not an EAP-Response");
            }
            if (identity == null) {
                if (EapPacket.type(eap) != EapPacket.TYPE_IDENTITY) {
                    return new EapStep.Failure(EapPacket.outcome(EapPacket.FAILURE, EapPacket.identifier(eap)), "no EAP identity");
                }
                identity = EapPacket.identity(eap);
            }
            return ask(eap);
        }

        private EapStep ask(byte[] eap) {
            int id = EapPacket.identifier(eap);
            List<RadiusAttribute> attributes = new ArrayList<>();
            attributes.add(RadiusAttribute.text(RadiusAttribute.USER_NAME, identity));
            attributes.add(RadiusAttribute.text(RadiusAttribute.NAS_IDENTIFIER, nasIdentifier));
            attributes.add(RadiusAttribute.integer(RadiusAttribute.NAS_PORT_TYPE, PORT_TYPE_VIRTUAL));
            attributes.add(RadiusAttribute.integer(RadiusAttribute.SERVICE_TYPE, SERVICE_FRAMED));
            attributes.add(RadiusAttribute.text(RadiusAttribute.CALLING_STATION_ID, peer.getAddress().getHostAddress()));
            attributes.addAll(RadiusPacket.eapMessageAttributes(eap));
            if (state != null) attributes.add(new RadiusAttribute(RadiusAttribute.STATE, state));
            RadiusClient.Answer answer;
            try {
                answer = server == null ? client.accessRequest(attributes) : client.accessRequest(server, attributes);
            } catch (RadiusUnavailableException e) {
                return new EapStep.Failure(EapPacket.outcome(EapPacket.FAILURE, id), "no RADIUS server answered: " + e.getMessage());
            }
            server = answer.server();
            RadiusPacket p = answer.packet();
            state = p.first(RadiusAttribute.STATE).map(RadiusAttribute::value).orElse(null);
            Optional<byte[]> reply = p.eapMessage().filter(EapPacket::wellFormed);
            if (p.kind() == RadiusCode.ACCESS_CHALLENGE) {
                reply.flatMap(MsChapV2Failure::inEapRequest).ifPresent(f -> {
                    // Logged now: a client may give up on it without the acknowledgement that brings the Access-Reject.
                    LOG.info(() -> server + " refused " + identity + " in the EAP method: " + f);
                    methodFailure = f;
                });
            }
            return switch (p.kind()) {
                case ACCESS_CHALLENGE -> reply.filter(r -> EapPacket.code(r) == EapPacket.REQUEST).<EapStep>map(EapStep.Request::new)
                        .orElseGet(() -> new EapStep.Failure(EapPacket.outcome(EapPacket.FAILURE, id), server + " challenged without an EAP-Request"));
                case ACCESS_ACCEPT -> accepted(answer, reply.filter(r -> EapPacket.code(r) == EapPacket.SUCCESS)
                        .orElse(EapPacket.outcome(EapPacket.SUCCESS, id)));
                case ACCESS_REJECT -> {
                    String reason = reason(p) + MsChapV2Failure.inReject(p).or(() -> Optional.ofNullable(methodFailure))
                            .map(f -> "; " + f).orElse("");
                    LOG.info(() -> server + " rejected " + identity + ": " + reason);
                    yield new EapStep.Failure(reply.filter(r -> EapPacket.code(r) == EapPacket.FAILURE)
                            .orElse(EapPacket.outcome(EapPacket.FAILURE, id)), reason);
                }
                default -> throw new IllegalStateException("the client returns only Accept, Reject and Challenge");
            };
        }

        private EapStep accepted(RadiusClient.Answer answer, byte[] success) {
            RadiusPacket p = answer.packet();
            Optional<byte[]> recv = p.vendorAttribute(MICROSOFT, MS_MPPE_RECV_KEY);
            Optional<byte[]> send = p.vendorAttribute(MICROSOFT, MS_MPPE_SEND_KEY);
            byte[] msk = new byte[0];
            if (recv.isPresent() && send.isPresent()) {
                try {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.writeBytes(RadiusAuthenticators.decryptMppeKey(recv.get(), answer.requestAuthenticator(), server.secret()));
                    out.writeBytes(RadiusAuthenticators.decryptMppeKey(send.get(), answer.requestAuthenticator(), server.secret()));
                    msk = out.toByteArray();
                } catch (RadiusDecodeException e) {
                    return new EapStep.Failure(EapPacket.outcome(EapPacket.FAILURE, EapPacket.identifier(success)),
                            server + " accepted " + identity + " with an undecodable MPPE key: " + e.getMessage());
                }
            }
            byte[] key = msk;
            LOG.info(() -> server + " accepted " + identity + (key.length == 0 ? " without MPPE keys (no MSK)" : ", MSK of " + key.length + " octets"));
            return new EapStep.Success(success, msk, identity);
        }
    }

    /** The server's Reply-Messages (RFC 2865 5.18), or that it gave none. */
    private static String reason(RadiusPacket reject) {
        List<RadiusAttribute> messages = reject.all(RadiusAttribute.REPLY_MESSAGE);
        if (messages.isEmpty()) return "Access-Reject without Reply-Message";
        return "Access-Reject: " + messages.stream().map(RadiusAttribute::text).collect(Collectors.joining(" "));
    }
}
