package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proves {@link TestPki}'s certificates are right before our engine relies on them: two strongSwans
 * authenticate each other with them, and charon's log names the signature scheme actually used.
 */
class StrongSwanCertificateTest {

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan();
    }

    @ParameterizedTest(name = "CA {0}, end entities {1}, auth {2}")
    @CsvSource({
            "ECDSA_P256, ECDSA_P256, pubkey,         ECDSA_WITH_SHA256_DER",
            "RSA_2048,   RSA_2048,   rsa/pss-sha256, RSA_EMSA_PSS_SHA2_256_SALT_32",
            "ECDSA_P256, RSA_2048,   rsa-sha256,     RSA_EMSA_PKCS1_SHA2_256",
            "ED25519,    ED25519,    pubkey,         ED25519",
    })
    void strongSwansAuthenticateWithGeneratedCertificates(KeyKind caKind, KeyKind eeKind, String method, String scheme) {
        TestPki pki = TestPki.create(caKind);
        TestPki.Issued leftCert = pki.issue("left.vpn.example", eeKind);
        TestPki.Issued rightCert = pki.issue("right@vpn.example", eeKind);
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             StrongSwanPeer left = StrongSwanPeer.start(net.left().ns());
             StrongSwanPeer right = StrongSwanPeer.start(net.right().ns())) {
            String lf = pki.installInto(left, leftCert);
            String rf = pki.installInto(right, rightCert);
            // "ike:" limits the remote constraint to the IKE AUTH signature; without it strongSwan would
            // also demand that scheme on the CA's signature of the certificate.
            String remoteMethod = method.equals("pubkey") ? method : "ike:" + method;
            left.load(SwanctlConf.of(Connection.siteToSite("site", net.left(), net.right(),
                    new Auth.PubKey(leftCert.id(), method, lf), new Auth.PubKey(rightCert.id(), remoteMethod, null))));
            right.load(SwanctlConf.of(Connection.siteToSite("site", net.right(), net.left(),
                    new Auth.PubKey(rightCert.id(), method, rf), new Auth.PubKey(leftCert.id(), remoteMethod, null))));

            StrongSwanPeer.withLogsOnFailure(() -> left.initiate("net"), left, right);

            IkeSaStatus sa = left.awaitInstalled("net", Duration.ofSeconds(10));
            assertThat(sa.remoteId()).isEqualTo("right@vpn.example");
            assertThat(right.awaitInstalled("net", Duration.ofSeconds(10)).remoteId()).isEqualTo("left.vpn.example");
            assertThat(left.log())
                    .contains("authentication of 'left.vpn.example' (myself) with " + scheme + " successful")
                    .contains("authentication of 'right@vpn.example' with " + scheme + " successful");
            assertThat(left.log()).contains("using trusted ca certificate");
        }
    }
}
