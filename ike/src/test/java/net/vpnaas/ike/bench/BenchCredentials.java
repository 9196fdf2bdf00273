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
 * fresh ECDSA P-256 CA with an end-entity certificate for the initiator and one for the responders.
 */
record BenchCredentials(BenchCase benchCase, String psk, TestPki pki, TestPki.Issued initiator, TestPki.Issued responder) {
    static final String INITIATOR_ID = "initiator.bench.example";
    static final String RESPONDER_ID = "responder.bench.example";

    static BenchCredentials create(BenchCase c) {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        if (c == BenchCase.PSK) return new BenchCredentials(c, HexFormat.of().formatHex(b), null, null, null);
        TestPki pki = TestPki.create(KeyKind.ECDSA_P256);
        return new BenchCredentials(c, null, pki, pki.issue(INITIATOR_ID, KeyKind.ECDSA_P256), pki.issue(RESPONDER_ID, KeyKind.ECDSA_P256));
    }

    InitiatorProfile initiatorProfile() {
        InitiatorProfile.Credentials creds = benchCase == BenchCase.PSK
                ? new InitiatorProfile.Credentials.Psk(psk.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                : new InitiatorProfile.Credentials.Certificate(initiator.certificate(), initiator.privateKey(), pki.ca().certificate());
        return InitiatorProfile.of(BenchCase.IKE_PROPOSAL, BenchCase.ESP_PROPOSAL, INITIATOR_ID, RESPONDER_ID,
                BenchCase.INITIATOR_TS, BenchCase.RESPONDER_TS, creds);
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
