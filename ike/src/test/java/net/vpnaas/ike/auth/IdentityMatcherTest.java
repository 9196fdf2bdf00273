package net.vpnaas.ike.auth;

import static net.vpnaas.ike.auth.TestPki.dns;
import static net.vpnaas.ike.auth.TestPki.email;
import static net.vpnaas.ike.auth.TestPki.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;

import javax.security.auth.x500.X500Principal;
import net.vpnaas.ike.message.IdType;

import org.junit.jupiter.api.Test;

class IdentityMatcherTest {
    private static final KeyPair KEY = TestPki.ec("secp256r1");
    private static final X509Certificate CA = TestPki.root("CN=CA", KEY);
    private static final X509Certificate PEER = TestPki.endEntity(CA, KEY.getPrivate(), "CN=gw1.example.net,O=Example", KEY.getPublic(),
            dns("gw1.example.net"), email("ops@example.net"), ip("192.0.2.1"), ip("2001:db8::1"));
    private static final X509Certificate NO_SAN = TestPki.endEntity(CA, KEY.getPrivate(), "CN=gw1.example.net", KEY.getPublic());

    private static IkeIdentity address(String literal) throws Exception {
        return IkeIdentity.ipAddress(InetAddress.getByName(literal)); // a literal: no name lookup
    }

    @Test
    void identitiesInTheCertificateMatch() throws Exception {
        assertThat(IdentityMatcher.matches(IkeIdentity.fqdn("gw1.example.net"), PEER)).isTrue();
        assertThat(IdentityMatcher.matches(IkeIdentity.fqdn("GW1.Example.NET."), PEER)).isTrue();
        assertThat(IdentityMatcher.matches(IkeIdentity.rfc822("OPS@example.net"), PEER)).isTrue();
        assertThat(IdentityMatcher.matches(address("192.0.2.1"), PEER)).isTrue();
        assertThat(IdentityMatcher.matches(address("2001:db8:0:0::1"), PEER)).isTrue();
        assertThat(IdentityMatcher.matches(IkeIdentity.distinguishedName(new X500Principal("cn=GW1.example.net, o=example")), PEER)).isTrue();
    }

    @Test
    void otherIdentitiesDoNot() throws Exception {
        assertThat(IdentityMatcher.matches(IkeIdentity.fqdn("gw2.example.net"), PEER)).isFalse();
        assertThat(IdentityMatcher.matches(IkeIdentity.fqdn("example.net"), PEER)).isFalse();
        assertThat(IdentityMatcher.matches(IkeIdentity.rfc822("root@example.net"), PEER)).isFalse();
        assertThat(IdentityMatcher.matches(address("192.0.2.2"), PEER)).isFalse();
        assertThat(IdentityMatcher.matches(address("2001:db8::2"), PEER)).isFalse();
        assertThat(IdentityMatcher.matches(IkeIdentity.distinguishedName(new X500Principal("CN=gw1.example.net")), PEER)).isFalse();
        assertThat(IdentityMatcher.matches(new IkeIdentity(IdType.KEY_ID, "gw1.example.net".getBytes()), PEER)).isFalse();
    }

    @Test
    void theCommonNameNeverStandsInForAHostName() {
        assertThat(IdentityMatcher.matches(IkeIdentity.fqdn("gw1.example.net"), NO_SAN)).isFalse();
        assertThat(IdentityMatcher.matches(IkeIdentity.distinguishedName(new X500Principal("CN=gw1.example.net")), NO_SAN)).isTrue();
    }

    @Test
    void malformedIdentityDataMatchesNothingAndThrowsNothing() {
        IkeIdentity[] malformed = {
                new IkeIdentity(IdType.DER_ASN1_DN, new byte[] {0x30, 0x7f, 0x01}),
                new IkeIdentity(IdType.DER_ASN1_DN, new byte[0]),
                new IkeIdentity(IdType.IPV4_ADDR, new byte[] {(byte) 192, 0, 2}),
                new IkeIdentity(IdType.IPV6_ADDR, new byte[] {(byte) 192, 0, 2, 1}),
                new IkeIdentity(IdType.FQDN, new byte[] {'g', 'w', 0, '1'}),
                new IkeIdentity(IdType.FQDN, new byte[0]),
                new IkeIdentity(IdType.RFC822_ADDR, new byte[] {(byte) 0xff}),
        };
        for (IkeIdentity id : malformed) {
            assertThat(IdentityMatcher.matches(id, PEER)).as(id.toString()).isFalse();
            assertThat(IdentityMatcher.sameIdentity(id, id)).as(id.toString()).isFalse();
        }
    }

    @Test
    void theCheckNamesWhichPartFailed() {
        IkeIdentity gw1 = IkeIdentity.fqdn("gw1.example.net");
        IkeIdentity gw2 = IkeIdentity.fqdn("gw2.example.net");

        assertThat(IdentityMatcher.check(gw1, IkeIdentity.fqdn("GW1.example.net"), PEER)).isEqualTo(new IdentityResult.Matched());
        assertThat(IdentityMatcher.check(gw1, gw2, PEER)).isEqualTo(new IdentityResult.UnexpectedIdentity(gw1, gw2));
        assertThat(IdentityMatcher.check(gw2, gw2, PEER))
                .isEqualTo(new IdentityResult.NotInCertificate(gw2, "CN=gw1.example.net,O=Example"));
    }

    @Test
    void sameIdentityFollowsEachTypesRules() throws Exception {
        assertThat(IdentityMatcher.sameIdentity(IkeIdentity.fqdn("a.example."), IkeIdentity.fqdn("A.EXAMPLE"))).isTrue();
        assertThat(IdentityMatcher.sameIdentity(IkeIdentity.fqdn("a.example"), IkeIdentity.rfc822("a.example"))).isFalse();
        assertThat(IdentityMatcher.sameIdentity(address("2001:db8::1"), address("2001:DB8:0::1"))).isTrue();
        assertThat(IdentityMatcher.sameIdentity(
                IkeIdentity.distinguishedName(new X500Principal("CN=x, O=y")), IkeIdentity.distinguishedName(new X500Principal("cn=X,o=Y")))).isTrue();
    }

    @Test
    void payloadBodyAndToStringAreWhatTheWireAndLogsNeed() throws Exception {
        assertThat(address("192.0.2.1").payloadBody()).containsExactly(1, 0, 0, 0, 192, 0, 2, 1);
        assertThat(address("192.0.2.1")).hasToString("IPV4_ADDR 192.0.2.1");
        assertThat(IkeIdentity.fqdn("gw1.example.net")).hasToString("FQDN gw1.example.net");
        assertThat(IkeIdentity.distinguishedName(new X500Principal("CN=x,O=y"))).hasToString("DER_ASN1_DN CN=x,O=y");
        assertThat(new IkeIdentity(IdType.DER_ASN1_DN, new byte[] {1, 2})).hasToString("DER_ASN1_DN 0102");
    }
}
