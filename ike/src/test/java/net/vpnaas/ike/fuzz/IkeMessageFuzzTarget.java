package net.vpnaas.ike.fuzz;

import java.util.List;
import java.util.Optional;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.EncryptedFragmentPayload;
import net.vpnaas.ike.message.EncryptedPayload;
import net.vpnaas.ike.message.FragmentReassembler;
import net.vpnaas.ike.message.GspmPayload;
import net.vpnaas.ike.message.IkeDecodeException;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.InvalidIkeSpiAnswer;
import net.vpnaas.ike.message.MessageIdSyncNotify;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.PaceEncryptedNonce;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.message.PayloadRules;
import net.vpnaas.ike.message.PpkIdentity;
import net.vpnaas.ike.message.PpkIdentityKey;
import net.vpnaas.ike.message.QcdTokenNotify;
import net.vpnaas.ike.message.ReplayCounterSyncNotify;
import net.vpnaas.ike.message.SecurePasswordMethodsNotify;

/**
 * Jazzer target over everything the codec does with untrusted bytes: decode, the presence rules,
 * the inner chain of SK (the fuzzer's bytes stand in for decrypted plaintext) and SKF reassembly.
 * and the decoders of notification data ({@link PpkIdentity}, {@link PpkIdentityKey}, {@link QcdTokenNotify},
 * {@link MessageIdSyncNotify}, {@link ReplayCounterSyncNotify}, {@link SecurePasswordMethodsNotify}), of PACE's ENONCE in a
 * GSPM payload ({@link PaceEncryptedNonce}) and of
 * the unprotected INVALID_IKE_SPI answer ({@link InvalidIkeSpiAnswer}). Any exception other than
 * {@link IkeDecodeException} is a finding, and so is a decoded message that does not survive encode +
 * decode unchanged, a PPK_ID that does not encode back to its notification data, or a reassembler
 * holding more than its bounds.
 */
public final class IkeMessageFuzzTarget {

    static final int MAX_FRAGMENTS = 8;
    static final int MAX_REASSEMBLY_BYTES = 4096;

    /** One reassembler across inputs, like the engine's per-SA one: state must stay bounded across many messages. */
    private static final FragmentReassembler REASSEMBLER = new FragmentReassembler(MAX_FRAGMENTS, MAX_REASSEMBLY_BYTES);

    private IkeMessageFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        try {
            IkeMessage message = IkeMessage.decode(data);
            IkeMessage again = IkeMessage.decode(message.encode());
            if (!again.equals(message)) {
                throw new IllegalStateException("re-encoding changed the message: " + message + " vs " + again);
            }
            checkRules(message);
        } catch (IkeDecodeException expected) {
            // the codec's own, precise rejection: fine
        }
        if (REASSEMBLER.bufferedBytes() > MAX_REASSEMBLY_BYTES || REASSEMBLER.bufferedFragments() > MAX_FRAGMENTS) {
            throw new IllegalStateException("reassembly state outgrew its bounds");
        }
    }

    private static void checkRules(IkeMessage message) throws IkeDecodeException {
        checkInvalidIkeSpiAnswer(message);
        try {
            PayloadRules.checkOuter(message);
        } catch (IkeDecodeException rejected) {
            // keep going: the inner decoders should see these inputs too
        }
        checkNotifyData(message.payloads());
        Optional<Payload> encrypted = message.encryptedPayload();
        if (encrypted.isEmpty()) {
            return;
        }
        List<Payload> inner = switch (encrypted.get()) {
            case EncryptedPayload sk -> sk.decodeInner(sk.content());
            case EncryptedFragmentPayload skf -> {
                Optional<FragmentReassembler.Reassembled> done =
                        REASSEMBLER.add(message.header().messageId(), skf, skf.content());
                yield done.isPresent() ? done.get().decode() : List.of();
            }
            default -> throw new IllegalStateException("not an encrypted payload: " + encrypted.get());
        };
        checkNotifyData(inner);
        PayloadRules.checkInner(message.header(), inner);
    }

    /** An unprotected INVALID_IKE_SPI answer (RFC 6290): what the engine reads before any key; re-encoded, it reads the same. */
    private static void checkInvalidIkeSpiAnswer(IkeMessage message) {
        try {
            Optional<InvalidIkeSpiAnswer> answer = InvalidIkeSpiAnswer.from(message);
            if (answer.isEmpty()) return;
            // What the token taker reads (SPIs, Message ID, flags, token) must survive; lengths and other notifies need not.
            InvalidIkeSpiAnswer a = answer.get();
            InvalidIkeSpiAnswer again = InvalidIkeSpiAnswer.from(IkeMessage.decode(a.encode())).orElseThrow();
            IkeHeader h = a.header();
            IkeHeader g = again.header();
            if (!again.token().equals(a.token()) || g.initiatorSpi() != h.initiatorSpi() || g.responderSpi() != h.responderSpi()
                    || g.messageId() != h.messageId() || g.initiator() != h.initiator()) {
                throw new IllegalStateException("INVALID_IKE_SPI answer " + a + " does not survive encode + decode: " + again);
            }
        } catch (IkeDecodeException refused) {
            // a malformed token: refused precisely
        }
    }

    /** PACE's ENONCE (RFC 6631) as read for each IV length our ciphers have (16: AES, 12: ChaCha20): read back unchanged. */
    private static void checkEncryptedNonce(GspmPayload gspm) {
        for (int ivLength : new int[] {12, 16}) {
            try {
                PaceEncryptedNonce enonce = PaceEncryptedNonce.decode(gspm, ivLength, 32);
                if (!enonce.payload().equals(gspm)) throw new IllegalStateException("ENONCE " + gspm + " does not encode back");
            } catch (IkeDecodeException refused) {
                // another length, or a non-zero reserved octet: refused precisely
            }
        }
    }

    private static void checkNotifyData(List<Payload> payloads) {
        for (Payload p : payloads) {
            if (p instanceof GspmPayload gspm) checkEncryptedNonce(gspm);
            if (!(p instanceof NotifyPayload n)) continue;
            if (n.notifyType() == NotifyType.PPK_IDENTITY) {
                Optional<byte[]> id = PpkIdentity.decode(n.data());
                if (id.isPresent() && !PpkIdentity.encode(id.get()).equals(n.data())) {
                    throw new IllegalStateException("PPK_IDENTITY " + n.data() + " does not encode back from its PPK_ID");
                }
            } else if (n.notifyType() == NotifyType.QUICK_CRASH_DETECTION) {
                try {
                    Optional<Bytes> token = QcdTokenNotify.token(n);
                    if (token.isPresent() && !QcdTokenNotify.of(token.get()).data().equals(n.data())) {
                        throw new IllegalStateException("QUICK_CRASH_DETECTION " + n.data() + " does not encode back from its token");
                    }
                } catch (IkeDecodeException refused) {
                    // a token of a forbidden length: refused precisely
                }
            } else if (n.notifyType() == NotifyType.IKEV2_MESSAGE_ID_SYNC) {
                try {
                    if (!MessageIdSyncNotify.decode(n).payload().data().equals(n.data())) {
                        throw new IllegalStateException("IKEV2_MESSAGE_ID_SYNC " + n.data() + " does not encode back");
                    }
                } catch (IkeDecodeException refused) {
                    // not 12 octets: refused precisely
                }
            } else if (n.notifyType() == NotifyType.IPSEC_REPLAY_COUNTER_SYNC) {
                try {
                    if (!ReplayCounterSyncNotify.decode(n).payload().data().equals(n.data())) {
                        throw new IllegalStateException("IPSEC_REPLAY_COUNTER_SYNC " + n.data() + " does not encode back");
                    }
                } catch (IkeDecodeException refused) {
                    // neither 4 nor 8 octets, or beyond 2^63 - 1: refused precisely
                }
            } else if (n.notifyType() == NotifyType.SECURE_PASSWORD_METHODS) {
                try {
                    if (!SecurePasswordMethodsNotify.decode(n).payload().data().equals(n.data())) {
                        throw new IllegalStateException("SECURE_PASSWORD_METHODS " + n.data() + " does not encode back");
                    }
                } catch (IkeDecodeException refused) {
                    // empty, an odd length or an SPI: refused precisely
                }
            } else if (n.notifyType() == NotifyType.PPK_IDENTITY_KEY) {
                Optional<PpkIdentityKey.Offer> offer = PpkIdentityKey.decode(n.data());
                if (offer.isPresent() && !PpkIdentityKey.encode(offer.get().ppkId(), offer.get().confirmation()).equals(n.data())) {
                    throw new IllegalStateException("PPK_IDENTITY_KEY " + n.data() + " does not encode back from its PPK_ID and confirmation");
                }
            }
        }
    }
}
