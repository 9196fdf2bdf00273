package net.vpnaas.ike.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SK protection and RFC 7383 fragmentation through real AES-GCM, and the reassembly bounds. */
class FragmentationTest {

    private final AesGcmProtector protector = new AesGcmProtector();
    private final IkeHeader authRequest = IkeHeader.of(0x0102030405060708L, 0x1112131415161718L,
            ExchangeType.IKE_AUTH, true, false, 1);

    private static List<Payload> bigIkeAuthRequest() throws Exception {
        return List.of(
                IdentificationPayload.of(true, IdType.DER_ASN1_DN, SampleMessages.filled(80, 1)),
                CertificatePayload.of(CertEncoding.X509_SIGNATURE, SampleMessages.filled(2500, 2)),
                NotifyPayload.of(NotifyType.INITIAL_CONTACT),
                AuthenticationPayload.of(AuthMethod.DIGITAL_SIGNATURE, SampleMessages.filled(256, 3)),
                SampleMessages.espProposal(),
                SampleMessages.everyInnerPayload().stream()
                        .filter(p -> p.type() == PayloadType.TRAFFIC_SELECTOR_INITIATOR).findFirst().orElseThrow(),
                SampleMessages.everyInnerPayload().stream()
                        .filter(p -> p.type() == PayloadType.TRAFFIC_SELECTOR_RESPONDER).findFirst().orElseThrow());
    }

    @Test
    void protectedMessageDecryptsWithTheCodecsAssociatedData() throws Exception {
        List<Payload> inner = bigIkeAuthRequest();
        byte[] wire = IkeMessage.encodeProtected(authRequest, inner, protector);
        IkeMessage received = IkeMessage.decode(wire);
        PayloadRules.checkOuter(received);
        EncryptedPayload sk = (EncryptedPayload) received.encryptedPayload().orElseThrow();
        Bytes plaintext = protector.open(received.associatedData(), sk.content());
        List<Payload> decoded = sk.decodeInner(plaintext);
        assertThat(decoded).isEqualTo(inner);
        PayloadRules.checkInner(received.header(), decoded);
    }

    /**
     * RFC 8019 7.2.2: HDR, PS, SK {...}. The header names PS (54), PS names SK (46), the SK header names the
     * first inner payload, and the PS is part of the associated data (changing one bit of it breaks the ICV).
     */
    @Test
    void aPuzzleSolutionGoesInTheClearInFrontOfSkUnderItsIntegrityCheck() throws Exception {
        List<Payload> inner = bigIkeAuthRequest();
        PuzzleSolutionPayload ps = new PuzzleSolutionPayload(SampleMessages.filled(128, 9));
        byte[] wire = IkeMessage.encodeProtected(authRequest, List.of(ps), inner, protector);
        assertThat(wire[16] & 0xff).as("header: next payload").isEqualTo(PayloadType.PUZZLE_SOLUTION.code());
        assertThat(wire[28] & 0xff).as("PS: next payload").isEqualTo(PayloadType.ENCRYPTED.code());
        assertThat(((wire[30] & 0xff) << 8) | (wire[31] & 0xff)).as("PS: payload length").isEqualTo(4 + 128);
        assertThat(wire[28 + 132] & 0xff).as("SK: next payload, the first inner").isEqualTo(PayloadType.IDENTIFICATION_INITIATOR.code());
        IkeMessage received = IkeMessage.decode(wire.clone());
        PayloadRules.checkOuter(received);
        assertThat(received.payloads().getFirst()).isEqualTo(ps);
        EncryptedPayload sk = (EncryptedPayload) received.encryptedPayload().orElseThrow();
        assertThat(sk.decodeInner(protector.open(received.associatedData(), sk.content()))).isEqualTo(inner);

        wire[40] ^= 1; // inside the PS body
        IkeMessage changed = IkeMessage.decode(wire);
        EncryptedPayload changedSk = (EncryptedPayload) changed.encryptedPayload().orElseThrow();
        assertThatThrownBy(() -> protector.open(changed.associatedData(), changedSk.content())).as("the PS is authenticated").isNotNull();
    }

    /** RFC 8019 7.2.2 with RFC 7383: the PS in front of the first fragment's SKF only; a PS elsewhere, or twice, is refused. */
    @Test
    void aPuzzleSolutionGoesInFrontOfTheFirstFragmentOnly() throws Exception {
        PuzzleSolutionPayload ps = new PuzzleSolutionPayload(SampleMessages.filled(128, 9));
        List<byte[]> fragments = MessageFragmenter.fragment(authRequest, List.of(ps), bigIkeAuthRequest(), 576, protector);
        assertThat(fragments).hasSizeGreaterThan(2).allSatisfy(f -> assertThat(f.length).isLessThanOrEqualTo(576));
        List<Payload> reassembled = new ArrayList<>();
        for (int i = 0; i < fragments.size(); i++) {
            IkeMessage m = IkeMessage.decode(fragments.get(i).clone());
            PayloadRules.checkOuter(m);
            assertThat(m.first(PuzzleSolutionPayload.class)).as("PS in fragment %d", i + 1).isEqualTo(i == 0 ? Optional.of(ps) : Optional.empty());
            EncryptedFragmentPayload skf = (EncryptedFragmentPayload) m.encryptedPayload().orElseThrow();
            protector.open(m.associatedData(), skf.content());
        }
        IkeMessage second = IkeMessage.decode(fragments.get(1).clone());
        assertThatThrownBy(() -> PayloadRules.checkOuter(IkeMessage.of(second.header(), List.of(ps, second.payloads().getLast()))))
                .isInstanceOfSatisfying(IkeDecodeException.class, e -> assertThat(e.reason()).isEqualTo(DecodeError.UNEXPECTED_PAYLOAD));
        IkeMessage whole = IkeMessage.decode(IkeMessage.encodeProtected(authRequest, List.of(ps, ps), bigIkeAuthRequest(), protector));
        assertThatThrownBy(() -> PayloadRules.checkOuter(whole))
                .isInstanceOfSatisfying(IkeDecodeException.class, e -> assertThat(e.reason()).isEqualTo(DecodeError.UNEXPECTED_PAYLOAD));
        IkeHeader response = IkeHeader.of(1, 2, ExchangeType.IKE_AUTH, false, true, 1);
        IkeMessage answered = IkeMessage.decode(IkeMessage.encodeProtected(response, List.of(ps), bigIkeAuthRequest(), protector));
        assertThatThrownBy(() -> PayloadRules.checkOuter(answered)).as("no PS in a response")
                .isInstanceOfSatisfying(IkeDecodeException.class, e -> assertThat(e.reason()).isEqualTo(DecodeError.UNEXPECTED_PAYLOAD));
    }

    @Test
    void fragmentsFitTheLimitAndReassembleOutOfOrderWithDuplicates() throws Exception {
        List<Payload> inner = bigIkeAuthRequest();
        int limit = 576;
        List<byte[]> fragments = MessageFragmenter.fragment(authRequest, inner, limit, protector);
        int chainLength = PayloadChain.length(inner);
        int perFragment = limit - MessageFragmenter.OVERHEAD - protector.protectedLength(0);
        assertThat(fragments).hasSize((chainLength + perFragment - 1) / perFragment);
        List<byte[]> arrival = new ArrayList<>(fragments);
        Collections.shuffle(arrival, new Random(7));
        arrival.add(2, fragments.get(1));

        FragmentReassembler reassembler = new FragmentReassembler(16, 64 * 1024);
        Optional<FragmentReassembler.Reassembled> done = Optional.empty();
        for (byte[] wire : arrival) {
            assertThat(wire.length).isLessThanOrEqualTo(limit);
            assertThat(done).isEmpty();
            IkeMessage m = IkeMessage.decode(wire);
            PayloadRules.checkOuter(m);
            assertThat(m.header().nextPayload()).isEqualTo(PayloadType.ENCRYPTED_FRAGMENT.code());
            EncryptedFragmentPayload skf = (EncryptedFragmentPayload) m.encryptedPayload().orElseThrow();
            assertThat(skf.totalFragments()).isEqualTo(fragments.size());
            done = reassembler.add(m.header().messageId(), skf, protector.open(m.associatedData(), skf.content()));
        }
        assertThat(done).isPresent();
        assertThat(done.get().messageId()).isEqualTo(1);
        List<Payload> reassembled = done.get().decode();
        assertThat(reassembled).isEqualTo(inner);
        PayloadRules.checkInner(authRequest, reassembled);
        assertThat(reassembler.bufferedBytes()).isZero();
    }

    @Test
    void limitTooSmallForAnyPlaintextIsRefused() {
        assertThatThrownBy(() -> MessageFragmenter.fragment(authRequest, List.of(NotifyPayload.of(
                NotifyType.INITIAL_CONTACT)), MessageFragmenter.OVERHEAD + 25, protector))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static EncryptedFragmentPayload piece(int number, int total) {
        return new EncryptedFragmentPayload(number == 1 ? PayloadType.NOTIFY.code() : 0, number, total, Bytes.EMPTY);
    }

    private static void expectError(FragmentReassembler r, long id, EncryptedFragmentPayload f, int size,
                                    DecodeError reason) {
        assertThatThrownBy(() -> r.add(id, f, SampleMessages.filled(size, 1)))
                .isInstanceOfSatisfying(IkeDecodeException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void reassemblyBoundsHold() throws Exception {
        FragmentReassembler r = new FragmentReassembler(4, 1000);
        expectError(r, 1, piece(1, 5), 10, DecodeError.REASSEMBLY_LIMIT);
        assertThat(r.bufferedFragments()).isZero();

        assertThat(r.add(1, piece(1, 3), SampleMessages.filled(600, 1))).isEmpty();
        expectError(r, 1, piece(2, 3), 401, DecodeError.REASSEMBLY_LIMIT);
        assertThat(r.bufferedBytes()).as("the partial message is dropped").isZero();

        assertThat(r.add(2, piece(1, 3), SampleMessages.filled(100, 1))).isEmpty();
        expectError(r, 2, piece(2, 2), 10, DecodeError.INVALID_FRAGMENT);
        assertThat(r.bufferedFragments()).isEqualTo(1);
        // A higher total means the peer re-fragmented: start over.
        assertThat(r.add(2, piece(2, 4), SampleMessages.filled(100, 1))).isEmpty();
        assertThat(r.bufferedFragments()).isEqualTo(1);
        // A new message id replaces the partial message.
        assertThat(r.add(3, piece(2, 2), SampleMessages.filled(8, 1))).isEmpty();
        assertThat(r.bufferedBytes()).isEqualTo(8);
        Optional<FragmentReassembler.Reassembled> done = r.add(3, piece(1, 2), Bytes.fromHex("00000008 00004000"));
        assertThat(done).isPresent();
        assertThat(done.get().chain().length()).isEqualTo(16);
        assertThat(done.get().firstInnerPayloadType()).isEqualTo(PayloadType.NOTIFY.code());
    }
}
