package net.vpnaas.agent.enroll;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Keeps the agent's credentials in its state directory, so a restarted agent reconnects without a
 * new enrollment token. The key file is created owner-only before any byte is written, and each
 * file is replaced atomically so a crash never leaves a key that does not match its certificate.
 */
public final class CredentialStore {
    private final Path dir;

    public CredentialStore(Path dir) {
        this.dir = dir;
    }

    public Optional<AgentCredentials> load() throws IOException, GeneralSecurityException {
        Path key = dir.resolve("agent.key"), cert = dir.resolve("agent.crt"), ca = dir.resolve("ca.crt"), id = dir.resolve("gateway-id");
        if (!Files.exists(key) || !Files.exists(cert) || !Files.exists(ca) || !Files.exists(id)) return Optional.empty();
        PrivateKey privateKey;
        try (var parser = new PEMParser(new StringReader(Files.readString(key)))) {
            privateKey = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
        }
        List<X509Certificate> certs = certificates(Files.readString(cert));
        if (certs.isEmpty()) throw new GeneralSecurityException(cert + " holds no certificate");
        return Optional.of(new AgentCredentials(UUID.fromString(Files.readString(id).strip()), privateKey, certs.getFirst(),
                certificates(Files.readString(ca))));
    }

    public void save(AgentCredentials credentials) throws IOException {
        Files.createDirectories(dir);
        write("agent.key", pem(new JcaPKCS8Generator(credentials.key(), null)), true); // PKCS#8, unencrypted: file mode guards it
        write("agent.crt", pem(credentials.certificate()), false);
        write("ca.crt", pem(credentials.caChain().toArray()), false);
        write("gateway-id", credentials.gatewayId().toString(), false);
    }

    private void write(String name, String content, boolean secret) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret) Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, content);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String pem(Object... objects) throws IOException {
        var out = new StringWriter();
        try (var writer = new JcaPEMWriter(out)) {
            for (Object o : objects) writer.writeObject(o);
        }
        return out.toString();
    }

    private static List<X509Certificate> certificates(String pem) throws IOException, GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        try (var parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) out.add(new JcaX509CertificateConverter().getCertificate(holder));
            }
        }
        return out;
    }
}
