package net.vpnaas.dataplane.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.vpnaas.dataplane.esp.EspAlgorithms;
import net.vpnaas.dataplane.net.EspSocket;
import net.vpnaas.dataplane.sad.SaUsage;
import net.vpnaas.dataplane.sys.Libc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed, forged and replayed inbound packets are dropped and counted, never thrown. */
class InboundDropsTest {
    private final TunnelPair pair = new TunnelPair(EspAlgorithms.aesGcm(128));
    private final byte[] inner = TunnelPair.udp4("10.1.0.5", "10.2.0.7", 100);

    @Test
    void aValidPacketIsDeliveredAndCounted() {
        assertThat(pair.open(pair.seal(inner))).isEqualTo(inner.length);
        SaUsage u = pair.saB.usage();
        assertThat(u.packetsIn()).isEqualTo(1);
        assertThat(u.bytesIn()).isEqualTo(inner.length);
        assertThat(u.lastInbound()).isNotNull();
        assertThat(pair.saA.usage().packetsOut()).isEqualTo(1);
    }

    @Test
    void duplicateIsAReplayDrop() {
        byte[] esp = pair.seal(inner);
        assertThat(pair.open(esp)).isPositive();
        assertThat(pair.open(esp)).isZero();
        assertThat(pair.saB.usage().replayDrops()).isEqualTo(1);
    }

    @Test
    void veryOldPacketIsAReplayDrop() {
        byte[] first = pair.seal(inner);
        for (int i = 0; i < 100; i++) assertThat(pair.open(pair.seal(inner))).isPositive();
        assertThat(pair.open(first)).isZero();
        assertThat(pair.saB.usage().replayDrops()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 12, 20, 40, 60})
    void flippedBitIsAnIntegrityFailure(int offset) {
        byte[] esp = pair.seal(inner);
        esp[offset] ^= 0x20;
        assertThat(pair.open(esp)).isZero();
        assertThat(pair.saB.usage().integrityFailures()).isEqualTo(1);
        assertThat(pair.saB.usage().packetsIn()).isZero();
        // a forged packet must not move the replay window: the genuine one still passes
        esp[offset] ^= 0x20;
        assertThat(pair.open(esp)).isPositive();
    }

    @Test
    void forgedHighSequenceNumberDoesNotAdvanceTheWindow() {
        byte[] esp = pair.seal(inner);
        byte[] forged = esp.clone();
        ByteBuffer.wrap(forged).putInt(4, 1_000_000);
        assertThat(pair.open(forged)).isZero();
        assertThat(pair.saB.replayWindow().highest()).isZero();
        assertThat(pair.open(esp)).isPositive();
    }

    @Test
    void unknownSpiIsCountedGlobally() {
        byte[] esp = pair.seal(inner);
        ByteBuffer.wrap(esp).putInt(0, 0x7777);
        assertThat(pair.open(esp)).isZero();
        assertThat(pair.countersB.snapshot().unknownSpi()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 7, 8, 16, 30, 40})
    void shortPacketsAreDropped(int length) {
        byte[] esp = Arrays.copyOf(pair.seal(inner), length);
        assertThat(pair.open(esp)).isZero();
        SaUsage u = pair.saB.usage();
        long counted = pair.countersB.snapshot().truncated() + u.malformedDrops() + u.integrityFailures();
        assertThat(counted).isEqualTo(1);
    }

    @Test
    void randomGarbageNeverThrowsAndIsAlwaysCounted() {
        SplittableRandom random = new SplittableRandom(42);
        int n = 5000;
        for (int i = 0; i < n; i++) {
            byte[] garbage = new byte[random.nextInt(0, 1600)];
            random.nextBytes(garbage);
            if (i % 2 == 0 && garbage.length >= 4) ByteBuffer.wrap(garbage).putInt(0, 0xB001); // reach the SA's checks
            assertThatCode(() -> assertThat(pair.open(garbage)).isZero()).doesNotThrowAnyException();
        }
        SaUsage u = pair.saB.usage();
        var c = pair.countersB.snapshot();
        assertThat(c.truncated() + c.unknownSpi() + u.malformedDrops() + u.integrityFailures() + u.replayDrops()).isEqualTo(n);
    }

    /** Packets correctly encrypted under the SA's key but with a broken inside: crafted here with the JDK directly. */
    @Test
    void badPaddingIsAMalformedDrop() throws Exception {
        byte[] plain = trailerless(inner, 4);
        plain[inner.length] = 9; // padding must read 1, 2, ...
        assertThat(pair.open(craft(plain, 5))).isZero();
        assertThat(pair.saB.usage().malformedDrops()).isEqualTo(1);
    }

    @Test
    void padLengthBeyondThePacketIsAMalformedDrop() throws Exception {
        byte[] plain = trailerless(inner, 4);
        plain[plain.length - 2] = (byte) 200;
        assertThat(pair.open(craft(plain, 5))).isZero();
        assertThat(pair.saB.usage().malformedDrops()).isEqualTo(1);
    }

    @Test
    void unknownNextHeaderIsAMalformedDrop() throws Exception {
        assertThat(pair.open(craft(trailerless(inner, 17), 5))).isZero();
        assertThat(pair.saB.usage().malformedDrops()).isEqualTo(1);
    }

    @Test
    void nextHeaderThatContradictsTheIpVersionIsAMalformedDrop() throws Exception {
        assertThat(pair.open(craft(trailerless(inner, 41), 5))).isZero();
        assertThat(pair.saB.usage().malformedDrops()).isEqualTo(1);
    }

    @Test
    void dummyPacketIsDroppedSilentlyAndCounted() throws Exception {
        assertThat(pair.open(craft(trailerless(new byte[13], 59), 5))).isZero();
        SaUsage u = pair.saB.usage();
        assertThat(u.dummyPackets()).isEqualTo(1);
        assertThat(u.malformedDrops() + u.integrityFailures() + u.packetsIn()).isZero();
    }

    @Test
    void innerPacketOutsideTheSelectorsIsASelectorDrop() throws Exception {
        byte[] spoofed = TunnelPair.udp4("10.9.0.5", "10.2.0.7", 100); // source not in the peer's 10.1.0.0/24
        assertThat(pair.open(craft(trailerless(spoofed, 4), 5))).isZero();
        assertThat(pair.saB.usage().selectorDrops()).isEqualTo(1);
        assertThat(pair.saB.usage().packetsIn()).isZero();
    }

    @Test
    void truncatedInnerPacketIsAMalformedDrop() throws Exception {
        byte[] cut = Arrays.copyOf(inner, 60); // IP total length says 128
        assertThat(pair.open(craft(trailerless(cut, 4), 5))).isZero();
        assertThat(pair.saB.usage().malformedDrops()).isEqualTo(1);
    }

    @Test
    void demuxSeparatesKeepaliveIkeAndTruncatedDatagrams() {
        int inet = Libc.AF_INET;
        assertThat(DatagramDemux.classify(ByteBuffer.wrap(new byte[] {(byte) 0xFF}), 1, EspSocket.Kind.UDP, inet))
                .isEqualTo(DatagramDemux.KEEPALIVE);
        assertThat(DatagramDemux.classify(ByteBuffer.wrap(new byte[40]), 40, EspSocket.Kind.UDP, inet)).isEqualTo(DatagramDemux.IKE);
        assertThat(DatagramDemux.classify(ByteBuffer.wrap(new byte[] {0, 0, 1}), 3, EspSocket.Kind.UDP, inet))
                .isEqualTo(DatagramDemux.TRUNCATED);
        assertThat(DatagramDemux.classify(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7}), 7, EspSocket.Kind.UDP, inet))
                .isEqualTo(DatagramDemux.TRUNCATED);
        assertThat(DatagramDemux.classify(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), 8, EspSocket.Kind.UDP, inet)).isZero();
        byte[] raw = new byte[60];
        raw[0] = 0x46; // IPv4 header with options: 24 bytes
        assertThat(DatagramDemux.classify(ByteBuffer.wrap(raw), 60, EspSocket.Kind.RAW, inet)).isEqualTo(24);
        assertThat(DatagramDemux.classify(ByteBuffer.wrap(raw), 30, EspSocket.Kind.RAW, inet)).isEqualTo(DatagramDemux.TRUNCATED);
        assertThat(DatagramDemux.classify(ByteBuffer.wrap(raw), 12, EspSocket.Kind.RAW, Libc.AF_INET6)).isZero();
    }

    /** Inner packet + (no padding beyond alignment) pad length + next header, 4-byte aligned. */
    private static byte[] trailerless(byte[] payload, int nextHeader) {
        int pad = (4 - (payload.length + 2) % 4) % 4;
        byte[] plain = Arrays.copyOf(payload, payload.length + pad + 2);
        for (int i = 0; i < pad; i++) plain[payload.length + i] = (byte) (i + 1);
        plain[plain.length - 2] = (byte) pad;
        plain[plain.length - 1] = (byte) nextHeader;
        return plain;
    }

    /** Encrypts {@code plain} as an ESP packet of the A->B SA (AES-128-GCM, keys of TunnelPair). */
    private static byte[] craft(byte[] plain, int seq) throws GeneralSecurityException {
        byte[] keyAndSalt = new byte[20];
        for (int i = 0; i < 20; i++) keyAndSalt[i] = (byte) (31 + i);
        byte[] nonce = new byte[12];
        System.arraycopy(keyAndSalt, 16, nonce, 0, 4);
        nonce[11] = (byte) seq;
        ByteBuffer header = ByteBuffer.allocate(16).putInt(0xB001).putInt(seq).putLong(seq);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyAndSalt, 0, 16, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(header.array(), 0, 8);
        byte[] sealed = c.doFinal(plain);
        byte[] packet = Arrays.copyOf(header.array(), 16 + sealed.length);
        System.arraycopy(sealed, 0, packet, 16, sealed.length);
        return packet;
    }
}
