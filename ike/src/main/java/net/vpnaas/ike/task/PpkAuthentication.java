package net.vpnaas.ike.task;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;
import net.vpnaas.ike.auth.AuthData;
import net.vpnaas.ike.config.PostQuantumPreSharedKeys;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.AuthenticationPayload;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.PpkIdentity;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sa.IkeSaKeys;
import net.vpnaas.ike.sa.PpkUse;

/**
 * RFC 8784 in IKE_AUTH, for PSK and signature authentication alike: which SK_p keys our AUTH and the
 * peer's are computed with, after every additional key exchange (the PPK is mixed into the last keys).
 * <pre>
 * HDR, SK {IDi, AUTH(SK_pi with PPK), SAi2, TSi, TSr, N(PPK_IDENTITY, PPK_ID), [N(NO_PPK_AUTH, AUTH data with SK_pi')]}  -->
 *                                         <--  HDR, SK {IDr, AUTH(SK_pr with PPK), SAr2, TSi, TSr, N(PPK_IDENTITY)}
 * </pre>
 * The initiator offers its first PPK, and NO_PPK_AUTH only when the PPK is optional. The responder
 * takes the PPK the initiator names if it has it; without it, an optional PPK falls back to
 * NO_PPK_AUTH and the keys without PPK, a required one fails. The responder's empty PPK_IDENTITY tells
 * the initiator which keys the responder took. Every refusal names the PPK; the auth task turns it
 * into AUTHENTICATION_FAILED. With RFC 9867 ({@link IntermediatePpkTask}) the keys hold the PPK before
 * IKE_AUTH: no PPK notification here, and the responder only checks that the connection IKE_AUTH names
 * holds the PPK agreed on (or requires none, when none was).
 */
final class PpkAuthentication {
    private static final Logger LOG = Logger.getLogger(PpkAuthentication.class.getName());

    /** Computes AUTH data over signed octets: the PSK's MAC or our signature. */
    interface Signer {
        AuthData sign(byte[] signedOctets) throws GeneralSecurityException;
    }

    /** How the peer's AUTH is checked, or why it is refused before any check. */
    sealed interface PeerCheck {
        /** {@code auth} must verify over the peer's signed octets under {@code keys}; {@code ppk} mixed in, or null. */
        record Verify(IkeSaKeys keys, AuthData auth, PostQuantumPreSharedKeys.Key ppk) implements PeerCheck {
            /** For the log line of a failed check. */
            String keysUsed() {
                return ppk == null ? "without PPK" : "with PPK " + ppk.idText() + " (do both sides hold the same PPK?)";
            }
        }

        record Refuse(String reason) implements PeerCheck {}
    }

    private final TaskContext ctx;
    private final boolean initiator;
    /** Initiator: the PPK offered in IKE_AUTH and the keys with it, taken if the responder confirms it. */
    private PostQuantumPreSharedKeys.Key offered;
    private IkeSaKeys offeredKeys;

    PpkAuthentication(TaskContext ctx, boolean initiator) {
        this.ctx = ctx;
        this.initiator = initiator;
    }

    /** Adds our AUTH payload and the PPK notifications that go with it. */
    void addAuth(OutgoingMessage m, IdentificationPayload id, Signer signer) throws GeneralSecurityException {
        IkeSa sa = ctx.sa();
        if (initiator && sa.ppkUse() == PpkUse.IKE_AUTH) {
            PostQuantumPreSharedKeys ppk = ctx.config().ppk();
            offered = ppk.first();
            offeredKeys = sa.keys().withPpk(offered.secret());
            m.add(payload(signer.sign(SignedOctetsOf.side(sa, offeredKeys, true, id, m.messageId()))));
            m.add(NotifyPayload.of(NotifyType.PPK_IDENTITY, PpkIdentity.encode(offered.id())));
            if (!ppk.required()) {
                AuthData withoutPpk = signer.sign(SignedOctetsOf.side(sa, sa.keys(), true, id, m.messageId()));
                m.add(NotifyPayload.of(NotifyType.NO_PPK_AUTH, Bytes.wrap(withoutPpk.data())));
            }
            return;
        }
        m.add(payload(signer.sign(SignedOctetsOf.side(sa, initiator, id, m.messageId()))));
        // RFC 8784 only: with RFC 9867 the PPK was confirmed in IKE_INTERMEDIATE.
        if (!initiator && sa.ppkUse() == PpkUse.IKE_AUTH && sa.ppkId().isPresent()) m.add(NotifyPayload.of(NotifyType.PPK_IDENTITY, Bytes.EMPTY));
    }

    /** What the peer's {@code auth} in {@code m} is checked against. */
    PeerCheck peerCheck(ReceivedMessage m, AuthenticationPayload auth) {
        IkeSa sa = ctx.sa();
        PostQuantumPreSharedKeys ppk = ctx.config().ppk();
        AuthData received = new AuthData(auth.methodCode(), auth.data().toByteArray());
        Optional<NotifyPayload> identity = m.notify(NotifyType.PPK_IDENTITY);
        if (initiator) {
            if (offered == null) {
                return identity.isPresent() ? new PeerCheck.Refuse("the peer confirmed a PPK we did not offer")
                        : new PeerCheck.Verify(sa.keys(), received, null);
            }
            if (identity.isPresent()) return new PeerCheck.Verify(offeredKeys, received, offered);
            // We sent no NO_PPK_AUTH for a required PPK; a peer that authenticates without it anyway is refused.
            if (ppk.required()) return new PeerCheck.Refuse("PPK " + offered.idText() + " is required, but the peer went on without it");
            LOG.info(() -> ctx.config().name() + ": the peer has no PPK " + offered.idText() + "; the IKE SA goes on without a PPK (optional)");
            return new PeerCheck.Verify(sa.keys(), received, null);
        }
        if (sa.ppkUse() == PpkUse.IKE_INTERMEDIATE) return intermediatePpkCheck(sa, ppk, received);
        if (sa.ppkUse() != PpkUse.IKE_AUTH || identity.isEmpty()) {
            if (!ppk.required()) return new PeerCheck.Verify(sa.keys(), received, null);
            return new PeerCheck.Refuse("PPK required, but the peer " + (sa.ppkUse() == PpkUse.IKE_AUTH ? "named none (no PPK_IDENTITY)" : "did not announce USE_PPK"));
        }
        Optional<byte[]> id = PpkIdentity.decode(identity.get().data());
        Optional<PostQuantumPreSharedKeys.Key> key = id.flatMap(ppk::byId);
        if (key.isPresent()) return new PeerCheck.Verify(sa.keys().withPpk(key.get().secret()), received, key.get());
        String named = "the peer named " + id.map(i -> "PPK " + printable(i)).orElse("a PPK_IDENTITY that is not PPK_ID_FIXED")
                + ", we have " + ppk.idsText();
        if (ppk.required()) return new PeerCheck.Refuse("no PPK in common: " + named + " (PPK required)");
        Optional<NotifyPayload> noPpkAuth = m.notify(NotifyType.NO_PPK_AUTH);
        if (noPpkAuth.isEmpty()) return new PeerCheck.Refuse("no PPK in common: " + named + ", and it sent no NO_PPK_AUTH");
        LOG.info(() -> ctx.config().name() + ": no PPK in common: " + named + "; checking its NO_PPK_AUTH (PPK optional)");
        return new PeerCheck.Verify(sa.keys(), new AuthData(auth.methodCode(), noPpkAuth.get().data().toByteArray()), null);
    }

    /**
     * Responder, RFC 9867: the keys already hold the PPK agreed in IKE_INTERMEDIATE, if any. That was
     * before IKE_AUTH named the peer, so the connection it names must hold that PPK, and must not require
     * one when none was agreed.
     */
    private PeerCheck intermediatePpkCheck(IkeSa sa, PostQuantumPreSharedKeys ppk, AuthData received) {
        Optional<String> agreed = sa.ppkId();
        if (agreed.isEmpty()) {
            return ppk.required() ? new PeerCheck.Refuse("PPK required, but none was agreed in IKE_INTERMEDIATE (we have " + ppk.idsText() + ")")
                    : new PeerCheck.Verify(sa.keys(), received, null);
        }
        if (ppk.byId(agreed.get().getBytes(StandardCharsets.UTF_8)).isEmpty()) {
            return new PeerCheck.Refuse("PPK " + agreed.get() + " agreed in IKE_INTERMEDIATE is not one of this connection's (" + ppk.idsText() + ")");
        }
        return new PeerCheck.Verify(sa.keys(), received, null);
    }

    /** The peer's AUTH verified: keys with a PPK become the IKE SA's (SK_d for its Child SAs and rekeys). */
    void accept(PeerCheck.Verify verified) {
        if (verified.ppk() == null) return;
        ctx.sa().ppkApplied(verified.ppk().idText(), verified.keys());
        LOG.info(() -> ctx.sa() + ": PPK " + verified.ppk().idText() + " mixed into the keys (RFC 8784)");
    }

    /** For the initiator's reason when the responder refused us: the PPK, the likelier cause when the PSK is right. */
    String offeredText() {
        return offered == null ? "" : "; we offered PPK " + offered.idText() + " (does the peer hold a PPK of that id and secret?)";
    }

    private static AuthenticationPayload payload(AuthData auth) {
        return new AuthenticationPayload(auth.method(), Bytes.wrap(auth.data()));
    }

    /** A PPK_ID from the network for a log line: as text when it is printable ASCII, else in hex. */
    static String printable(byte[] id) {
        for (byte b : id) {
            if (b < 0x20 || b > 0x7e) return "0x" + HexFormat.of().formatHex(id);
        }
        return new String(id, StandardCharsets.US_ASCII);
    }
}
