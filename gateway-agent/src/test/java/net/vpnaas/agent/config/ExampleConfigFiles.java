package net.vpnaas.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.vpnaas.ike.interop.KeyKind;
import net.vpnaas.ike.interop.TestPki;

/**
 * Writes the example config (src/test/resources/standalone/example.json) into a folder together with
 * every file it names: a fresh gateway certificate and key, a partner CA, and a PSK file.
 */
public final class ExampleConfigFiles {

    public static final String PSK = "correct horse battery staple 42";

    private ExampleConfigFiles() {}

    public static String exampleJson() throws IOException {
        try (InputStream in = ExampleConfigFiles.class.getResourceAsStream("/standalone/example.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes {@code json} as config.json plus the referenced files into {@code dir}; returns the config path. */
    public static Path write(Path dir, String json) throws IOException {
        TestPki ours = TestPki.create(KeyKind.ECDSA_P256);
        TestPki.Issued gw = ours.issue("gw-fra-1.vpn.example", KeyKind.ECDSA_P256);
        TestPki partner = TestPki.create(KeyKind.ECDSA_P256);
        for (String sub : new String[] {"certs", "private", "secrets"}) Files.createDirectories(dir.resolve(sub));
        Files.writeString(dir.resolve("certs/gw-fra-1.pem"), gw.certificatePem());
        Files.writeString(dir.resolve("private/gw-fra-1.pem"), gw.privateKeyPem());
        Files.writeString(dir.resolve("certs/partner-ca.pem"), partner.ca().certificatePem());
        Files.writeString(dir.resolve("secrets/branch-berlin.psk"), PSK + "\n");
        Path config = dir.resolve("config.json");
        Files.writeString(config, json);
        return config;
    }
}
