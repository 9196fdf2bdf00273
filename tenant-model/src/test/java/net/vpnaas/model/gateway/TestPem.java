package net.vpnaas.model.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A self-signed test CA certificate (its key was thrown away), for certificate peers. */
final class TestPem {
    static final String CA = read("/test-ca.pem");

    private TestPem() {}

    private static String read(String resource) {
        try (InputStream in = TestPem.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
