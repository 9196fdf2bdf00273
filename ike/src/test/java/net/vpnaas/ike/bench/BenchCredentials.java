package net.vpnaas.ike.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import net.vpnaas.ike.interop.KeyKind;
import net.vpnaas.ike.interop.TestPki;

/**
 * Identities and secrets of one benchmark case, the same for both responders: a random PSK, or a
 * fresh ECDSA P-256 CA with an end-entity certificate for the initiator and one for the responders;
 * and a random PPK when the case mixes one in.
 */
record BenchCredentials(BenchCase benchCase, String psk, TestPki pki, TestPki.Issued initiator, TestPki.Issued responder,
                        byte[] ppk) {
    static final String INITIATOR_ID = "initiator.bench.example";
    static final String RESPONDER_ID = "responder.bench.example";
    static final String PPK_ID = "bench-ppk";

    static BenchCredentials create(BenchCase c) {
        byte[] ppk = c.ppk ? randomBytes(32) : null;
        if (c.auth == BenchCase.Auth.PSK) return new BenchCredentials(c, HexFormat.of().formatHex(randomBytes(24)), null, null, null, ppk);
        TestPki pki = TestPki.create(KeyKind.ECDSA_P256);
        return new BenchCredentials(c, null, pki, pki.issue(INITIATOR_ID, KeyKind.ECDSA_P256), pki.issue(RESPONDER_ID, KeyKind.ECDSA_P256),
                ppk);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    InitiatorProfile initiatorProfile() {
        InitiatorProfile.Credentials creds = benchCase.auth == BenchCase.Auth.PSK
                ? new InitiatorProfile.Credentials.Psk(psk.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                : new InitiatorProfile.Credentials.Certificate(initiator.certificate(), initiator.privateKey(), pki.ca().certificate());
        return InitiatorProfile.of(benchCase.ikeProposal, BenchCase.ESP_PROPOSAL, INITIATOR_ID, RESPONDER_ID,
                BenchCase.INITIATOR_TS, BenchCase.RESPONDER_TS, creds,
                ppk == null ? null : new InitiatorProfile.Ppk(PPK_ID.getBytes(java.nio.charset.StandardCharsets.US_ASCII), ppk));
    }

    /** Writes ca.pem, responder.pem and responder.key into {@code dir}. */
    void writeResponderFiles(Path dir) {
        try {
            Files.writeString(dir.resolve("ca.pem"), pki.ca().certificatePem());
            Files.writeString(dir.resolve("responder.pem"), responder.certificatePem());
            Files.writeString(dir.resolve("responder.key"), responder.privateKeyPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
