package net.vpnaas.ike.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Captured strongSwan messages: decoded field by field, re-encoded byte for byte, mutated at named offsets. */
class StrongSwanCaptureTest {

    @Test
    void everyCapturedMessageDecodesPassesTheOuterRulesAndReencodesIdentically() throws Exception {
        List<Captures.Captured> all = Captures.strongSwanExchange();
        assertThat(all).hasSize(14);
        for (Captures.Captured c : all) {
            IkeMessage m = IkeMessage.decode(c.bytes().clone());
            assertThat(m.header().initiator()).isEqualTo(c.fromInitiator());
            PayloadRules.checkOuter(m);
            assertThat(m.encode()).as("re-encoding of %s", m.header()).isEqualTo(c.bytes());
        }
    }

    @Test
    void ikeSaInitResponseFieldByField() throws Exception {
        IkeMessage m = IkeMessage.decode(Captures.bytes(Captures.INIT_RESPONSE));
        IkeHeader h = m.header();
        assertThat(h.initiatorSpi()).isEqualTo(0xb16360281ffcc5dbL);
        assertThat(h.responderSpi()).isEqualTo(0x5e610fa8fcb7c1ffL);
        assertThat(h.majorVersion()).isEqualTo(2);
        assertThat(h.exchangeType()).isEqualTo(ExchangeType.IKE_SA_INIT);
        assertThat(h.response()).isTrue();
        assertThat(h.initiator()).isFalse();
        assertThat(h.messageId()).isZero();
        assertThat(h.length()).isEqualTo(240);

        Proposal p = m.first(SecurityAssociationPayload.class).orElseThrow().proposals().getFirst();
        assertThat(p.number()).isEqualTo(1);
        assertThat(p.protocolId()).isEqualTo(ProtocolId.IKE);
        assertThat(p.spi().length()).isZero();
        assertThat(p.transforms()).extracting(Transform::algorithm).containsExactly(
                EncryptionAlgorithm.AES_GCM_16, PrfAlgorithm.HMAC_SHA2_256, KeyExchangeMethod.CURVE25519);
        assertThat(p.transforms().getFirst().keyLength()).hasValue(256);

        KeyExchangePayload ke = m.first(KeyExchangePayload.class).orElseThrow();
        assertThat(ke.method()).isEqualTo(KeyExchangeMethod.CURVE25519);
        assertThat(ke.data().length()).isEqualTo(32);
        assertThat(m.first(NoncePayload.class).orElseThrow().data().length()).isEqualTo(32);
        assertThat(m.payloads(NotifyPayload.class)).extracting(NotifyPayload::notifyType).containsExactly(
                NotifyType.NAT_DETECTION_SOURCE_IP, NotifyType.NAT_DETECTION_DESTINATION_IP,
                NotifyType.IKEV2_FRAGMENTATION_SUPPORTED, NotifyType.SIGNATURE_HASH_ALGORITHMS,
                NotifyType.CHILDLESS_IKEV2_SUPPORTED, NotifyType.MULTIPLE_AUTH_SUPPORTED);
        assertThat(m.notify(NotifyType.NAT_DETECTION_SOURCE_IP).orElseThrow().data().length()).isEqualTo(20);
        // RFC 7427 hash algorithm identifiers: SHA2-256, SHA2-384, SHA2-512, Identity.
        assertThat(m.notify(NotifyType.SIGNATURE_HASH_ALGORITHMS).orElseThrow().data())
                .isEqualTo(Bytes.fromHex("0002 0003 0004 0005"));
        assertThat(m.wire().orElseThrow().length()).isEqualTo(240);
    }

    @Test
    void ikeSaInitRequestWithCookieFieldByField() throws Exception {
        IkeMessage m = IkeMessage.decode(Captures.bytes(Captures.INIT_REQUEST));
        assertThat(m.header().responderSpi()).isZero();
        assertThat(m.payloads().getFirst()).isInstanceOf(NotifyPayload.class);
        Bytes cookie = m.notify(NotifyType.COOKIE).orElseThrow().data();
        IkeMessage cookieResponse = IkeMessage.decode(Captures.bytes(Captures.COOKIE_RESPONSE));
        assertThat(cookieResponse.payloads()).hasSize(1);
        assertThat(cookieResponse.notify(NotifyType.COOKIE).orElseThrow().data()).isEqualTo(cookie);
        assertThat(m.first(KeyExchangePayload.class).orElseThrow().method()).isEqualTo(KeyExchangeMethod.CURVE25519);
        IkeMessage firstTry = IkeMessage.decode(Captures.bytes(Captures.INIT_REQUEST_ECP256));
        Proposal offered = firstTry.first(SecurityAssociationPayload.class).orElseThrow().proposals().getFirst();
        assertThat(offered.transforms(TransformType.KEY_EXCHANGE)).extracting(Transform::algorithm)
                .containsExactly(KeyExchangeMethod.ECP_256, KeyExchangeMethod.CURVE25519);
        assertThat(firstTry.first(KeyExchangePayload.class).orElseThrow().data().length()).isEqualTo(64);
    }

    @Test
    void invalidKeResponseNamesTheGroupTheResponderWants() throws Exception {
        IkeMessage m = IkeMessage.decode(Captures.bytes(Captures.INVALID_KE_RESPONSE));
        NotifyPayload n = m.notify(NotifyType.INVALID_KE_PAYLOAD).orElseThrow();
        assertThat(n.isError()).isTrue();
        assertThat(KeyExchangeMethod.of(n.data().u16(0))).isEqualTo(KeyExchangeMethod.CURVE25519);
    }

    @Test
    void ikeAuthFragmentsCarryNumbersAndOpaqueContent() throws Exception {
        IkeMessage first = IkeMessage.decode(Captures.bytes(Captures.AUTH_REQUEST_FRAGMENT_1));
        IkeMessage second = IkeMessage.decode(Captures.bytes(Captures.AUTH_REQUEST_FRAGMENT_2));
        EncryptedFragmentPayload f1 = (EncryptedFragmentPayload) first.encryptedPayload().orElseThrow();
        EncryptedFragmentPayload f2 = (EncryptedFragmentPayload) second.encryptedPayload().orElseThrow();
        assertThat(first.header().exchangeType()).isEqualTo(ExchangeType.IKE_AUTH);
        assertThat(first.header().messageId()).isEqualTo(1);
        assertThat(f1.fragmentNumber()).isEqualTo(1);
        assertThat(f2.fragmentNumber()).isEqualTo(2);
        assertThat(f1.totalFragments()).isEqualTo(2);
        assertThat(f1.firstInnerPayloadType()).isEqualTo(PayloadType.IDENTIFICATION_INITIATOR.code());
        assertThat(f2.firstInnerPayloadType()).isZero();
        // Header, SKF generic header, fragment number and total: 28 + 4 + 4.
        assertThat(first.associatedData()).isEqualTo(Bytes.wrap(Captures.bytes(Captures.AUTH_REQUEST_FRAGMENT_1))
                .slice(0, 36));
        assertThat(f1.content().length()).isEqualTo(168 - 36);
        IkeMessage info = IkeMessage.decode(Captures.bytes(Captures.INFORMATIONAL_REQUEST));
        EncryptedPayload sk = (EncryptedPayload) info.encryptedPayload().orElseThrow();
        assertThat(sk.firstInnerPayloadType()).isEqualTo(PayloadType.NOTIFY.code());
        assertThat(info.associatedData().length()).isEqualTo(32);
    }

    // Offsets in the final IKE_SA_INIT request (272 bytes): header 0..27, N(COOKIE) at 28, SA at 60
    // (proposal at 64, first transform at 72, 12 bytes with its key length), KE at 108, Ni at 148,
    // N(NAT_DETECTION_SOURCE_IP) at 184, N(NAT_DETECTION_DESTINATION_IP) at 212,
    // N(IKEV2_FRAGMENTATION_SUPPORTED) at 240, N(SIGNATURE_HASH_ALGORITHMS) at 248, N(REDIRECT_SUPPORTED) at 264.
    private static final int VERSION = 17;
    private static final int HEADER_LENGTH = 24;
    private static final int COOKIE_PAYLOAD_LENGTH = 30;
    private static final int PROPOSAL = 64;
    private static final int PROPOSAL_NUMBER = 68;
    private static final int TRANSFORM_COUNT = 71;
    private static final int FIRST_TRANSFORM = 72;
    private static final int SECOND_TRANSFORM = 84;
    private static final int KE_PAYLOAD_LENGTH = 110;
    private static final int NONCE = 148;
    private static final int FRAG_SUPPORTED_NEXT = 240;
    private static final int HASH_ALGORITHMS = 248;
    private static final int LAST_PAYLOAD = 264;
    private static final int END = 272;

    private static void expect(Consumer<byte[]> mutation, DecodeError reason, int offset) {
        byte[] bytes = Captures.bytes(Captures.INIT_REQUEST);
        mutation.accept(bytes);
        assertThatThrownBy(() -> IkeMessage.decode(bytes))
                .isInstanceOfSatisfying(IkeDecodeException.class, e -> {
                    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
                    assertThat(e.offset()).as(e.getMessage()).isEqualTo(offset);
                });
    }

    @Test
    void mutationsAtNamedOffsetsGivePreciseErrors() {
        expect(b -> b[VERSION] = 0x10, DecodeError.INVALID_MAJOR_VERSION, VERSION);
        expect(b -> b[VERSION] = 0x30, DecodeError.INVALID_MAJOR_VERSION, VERSION);
        expect(b -> b[HEADER_LENGTH + 3]++, DecodeError.LENGTH_MISMATCH, HEADER_LENGTH);
        expect(b -> b[COOKIE_PAYLOAD_LENGTH + 1] = 3, DecodeError.INVALID_PAYLOAD_LENGTH, COOKIE_PAYLOAD_LENGTH);
        expect(b -> b[PROPOSAL] = 1, DecodeError.INVALID_SYNTAX, PROPOSAL);
        expect(b -> b[PROPOSAL_NUMBER] = 2, DecodeError.INVALID_SYNTAX, PROPOSAL_NUMBER);
        expect(b -> b[TRANSFORM_COUNT]++, DecodeError.INVALID_SYNTAX, TRANSFORM_COUNT);
        expect(b -> b[FIRST_TRANSFORM] = 0, DecodeError.INVALID_SYNTAX, SECOND_TRANSFORM);
        expect(b -> b[FIRST_TRANSFORM] = 7, DecodeError.INVALID_SYNTAX, FIRST_TRANSFORM);
        expect(b -> {
            b[KE_PAYLOAD_LENGTH] = (byte) 0xff;
            b[KE_PAYLOAD_LENGTH + 1] = (byte) 0xff;
        }, DecodeError.TRUNCATED_PAYLOAD, KE_PAYLOAD_LENGTH);
        // A 15-byte nonce (RFC 7296 section 3.9 asks for at least 16).
        expect(b -> b[NONCE + 3] = 4 + 15, DecodeError.INVALID_SYNTAX, NONCE + 4);
        expect(b -> {
            b[FRAG_SUPPORTED_NEXT] = 99;
            b[HASH_ALGORITHMS + 1] = (byte) 0x80;
        }, DecodeError.UNSUPPORTED_CRITICAL_PAYLOAD, HASH_ALGORITHMS);
        expect(b -> b[LAST_PAYLOAD] = (byte) PayloadType.NOTIFY.code(), DecodeError.TRUNCATED_PAYLOAD, END);
    }

    @Test
    void truncationsAndTrailingBytesAreLengthErrors() {
        byte[] full = Captures.bytes(Captures.INIT_REQUEST);
        assertThatThrownBy(() -> IkeMessage.decode(java.util.Arrays.copyOf(full, 20)))
                .isInstanceOfSatisfying(IkeDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(DecodeError.TRUNCATED_HEADER));
        assertThatThrownBy(() -> IkeMessage.decode(java.util.Arrays.copyOf(full, 200)))
                .isInstanceOfSatisfying(IkeDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(DecodeError.LENGTH_MISMATCH));
        byte[] longer = java.util.Arrays.copyOf(full, END + 1);
        longer[HEADER_LENGTH + 3] = (byte) (END + 1 - 256);
        assertThatThrownBy(() -> IkeMessage.decode(longer))
                .isInstanceOfSatisfying(IkeDecodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DecodeError.LENGTH_MISMATCH);
                    assertThat(e.offset()).isEqualTo(END);
                });
    }

    @Test
    void unknownNonCriticalPayloadIsSkippedAndKept() throws Exception {
        byte[] bytes = Captures.bytes(Captures.INIT_REQUEST);
        bytes[FRAG_SUPPORTED_NEXT] = 99;
        IkeMessage m = IkeMessage.decode(bytes);
        assertThat(m.payloads().get(7)).isEqualTo(new UnknownPayload(99,
                Bytes.wrap(bytes).slice(HASH_ALGORITHMS + 4, 12)));
        assertThat(m.notify(NotifyType.SIGNATURE_HASH_ALGORITHMS)).isEmpty();
        PayloadRules.checkOuter(m);
        assertThat(m.encode()).isEqualTo(bytes);
    }
}
