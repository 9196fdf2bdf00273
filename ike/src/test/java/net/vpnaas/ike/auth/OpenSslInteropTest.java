package net.vpnaas.ike.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.vpnaas.ike.message.AuthMethod;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks against an implementation that shares no code with ours or the JDK's: keys,
 * certificates and signatures made by the OpenSSL command line verify with our code, ours verify
 * with OpenSSL. Needs the {@code openssl} binary: skipped without it, failed without it under CI=true.
 */
class OpenSslInteropTest {
    private static final byte[] OCTETS = "RealMessage1 | NonceRData | MACedIDForI, as bytes".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;

    @BeforeAll
    static void needOpenSsl() throws Exception {
        boolean present;
        try {
            present = run("openssl", "version").startsWith("OpenSSL");
        } catch (IOException e) {
            present = false;
        }
        if (!present && "true".equals(System.getenv("CI"))) fail("openssl is required under CI=true");
        assumeTrue(present, "openssl not installed");
        Files.write(dir.resolve("octets.bin"), OCTETS);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir == null ? null : dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    /** Key and self-signed certificate made by OpenSSL, read back with PemFiles. */
    private record Credential(PrivateKey key, X509Certificate cert, String keyFile) {
    }

    private static Credential credential(String name, String... keyGeneration) throws Exception {
        List<String> command = new ArrayList<>(List.of(keyGeneration));
        command.addAll(List.of("-out", name + ".pem"));
        run(command.toArray(String[]::new));
        run("openssl", "req", "-x509", "-new", "-key", name + ".pem", "-subj", "/CN=" + name, "-days", "2",
                "-addext", "subjectAltName=DNS:" + name + ".example", "-out", name + ".crt");
        PrivateKey key = PemFiles.privateKey(Files.readString(dir.resolve(name + ".pem")));
        X509Certificate cert = PemFiles.certificates(Files.readString(dir.resolve(name + ".crt"))).getFirst();
        return new Credential(key, cert, name + ".pem");
    }

    private static VerifyResult verifyOpenSslSignature(Credential c, SignatureScheme scheme, String... signCommand) throws Exception {
        List<String> command = new ArrayList<>(List.of(signCommand));
        command.addAll(2, List.of("-out", "sig.bin")); // right after the subcommand: dgst wants its input file last
        run(command.toArray(String[]::new));
        byte[] data = DigitalSignatureData.encode(scheme.algorithmIdentifier().orElseThrow(), Files.readAllBytes(dir.resolve("sig.bin")));
        return SignatureAuthenticator.verify(c.cert, new AuthData(AuthMethod.DIGITAL_SIGNATURE, data), OCTETS);
    }

    /** Writes the signature part of our AUTH data where OpenSSL's verify command reads it. */
    private static void writeOurSignature(Credential c, SignatureScheme scheme) throws Exception {
        byte[] data = SignatureAuthenticator.sign(c.key, scheme, OCTETS).data();
        int skip = 1 + (data[0] & 0xFF);
        Files.write(dir.resolve("ours.bin"), java.util.Arrays.copyOfRange(data, skip, data.length));
    }

    @Test
    void ecdsaP256FromSec1KeyWithParametersBlock() throws Exception {
        Credential c = credential("ec", "openssl", "ecparam", "-name", "prime256v1", "-genkey");

        assertThat(verifyOpenSslSignature(c, SignatureScheme.ECDSA_SHA256, "openssl", "dgst", "-sha256", "-sign", c.keyFile, "octets.bin"))
                .isEqualTo(new VerifyResult.Verified(SignatureScheme.ECDSA_SHA256));
        writeOurSignature(c, SignatureScheme.ECDSA_SHA256);
        assertThat(run("openssl", "dgst", "-sha256", "-prverify", c.keyFile, "-signature", "ours.bin", "octets.bin")).contains("Verified OK");
        assertThat(IdentityMatcher.matches(IkeIdentity.fqdn("ec.example"), c.cert)).isTrue();
    }

    @Test
    void ecdsaP384FromPkcs8Key() throws Exception {
        Credential c = credential("p384", "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384");

        assertThat(verifyOpenSslSignature(c, SignatureScheme.ECDSA_SHA384, "openssl", "dgst", "-sha384", "-sign", c.keyFile, "octets.bin"))
                .isEqualTo(new VerifyResult.Verified(SignatureScheme.ECDSA_SHA384));
        writeOurSignature(c, SignatureScheme.ECDSA_SHA384);
        assertThat(run("openssl", "dgst", "-sha384", "-prverify", c.keyFile, "-signature", "ours.bin", "octets.bin")).contains("Verified OK");
    }

    @Test
    void rsaPssAndPkcs1FromTraditionalKey() throws Exception {
        Credential c = credential("rsa", "openssl", "genrsa", "-traditional");
        String[] pss = {"-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32", "-sigopt", "rsa_mgf1_md:sha256"};

        assertThat(verifyOpenSslSignature(c, SignatureScheme.RSA_PSS_SHA256, concat(
                new String[] {"openssl", "dgst", "-sha256", "-sign", c.keyFile}, pss, new String[] {"octets.bin"})))
                .isEqualTo(new VerifyResult.Verified(SignatureScheme.RSA_PSS_SHA256));
        assertThat(verifyOpenSslSignature(c, SignatureScheme.RSA_PKCS1_SHA256, "openssl", "dgst", "-sha256", "-sign", c.keyFile, "octets.bin"))
                .isEqualTo(new VerifyResult.Verified(SignatureScheme.RSA_PKCS1_SHA256));
        writeOurSignature(c, SignatureScheme.RSA_PSS_SHA256);
        assertThat(run(concat(new String[] {"openssl", "dgst", "-sha256", "-prverify", c.keyFile}, pss,
                new String[] {"-signature", "ours.bin", "octets.bin"}))).contains("Verified OK");
    }

    @Test
    void ed25519FromPkcs8Key() throws Exception {
        Credential c = credential("ed", "openssl", "genpkey", "-algorithm", "ed25519");

        assertThat(verifyOpenSslSignature(c, SignatureScheme.ED25519, "openssl", "pkeyutl", "-sign", "-rawin", "-inkey", c.keyFile, "-in", "octets.bin"))
                .isEqualTo(new VerifyResult.Verified(SignatureScheme.ED25519));
        writeOurSignature(c, SignatureScheme.ED25519);
        assertThat(run("openssl", "pkeyutl", "-verify", "-rawin", "-inkey", c.keyFile, "-in", "octets.bin", "-sigfile", "ours.bin"))
                .contains("Signature Verified Successfully");
    }

    @Test
    void anOpenSslSelfSignedCertificateCanBePinned() throws Exception {
        Credential c = credential("pinned", "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");

        ValidationResult result = CertificateValidator.validate(List.of(c.cert), TrustedCas.of(List.of(c.cert)), java.time.Instant.now());

        assertThat(result).isEqualTo(new ValidationResult.Valid(List.of(c.cert), c.cert));
    }

    private static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) all.addAll(List.of(p));
        return all.toArray(String[]::new);
    }
}
