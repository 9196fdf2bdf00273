package net.vpnaas.model.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressRangeTest {

    @Test
    void prefixesAndRangesBecomeInclusiveRanges() {
        AddressRange p = AddressRange.parse("10.1.0.0/16");
        assertThat(p.first()).isEqualTo(BigInteger.valueOf(0x0A010000L));
        assertThat(p.last()).isEqualTo(BigInteger.valueOf(0x0A01FFFFL));
        AddressRange r = AddressRange.parse("10.1.0.10-10.1.0.20");
        assertThat(r.last().subtract(r.first())).isEqualTo(BigInteger.TEN);
        assertThat(AddressRange.parse("2001:db8::/32").bits()).isEqualTo(128);
        assertThat(AddressRange.parse("0.0.0.0/0").last()).isEqualTo(BigInteger.valueOf(0xFFFFFFFFL));
    }

    @Test
    void endsAreAddressesOfTheirFamily() {
        AddressRange all = AddressRange.parse("0.0.0.0/0");
        assertThat(all.firstAddress().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(all.lastAddress().getHostAddress()).isEqualTo("255.255.255.255");
        AddressRange v6 = Prefix.parse("2001:db8::/48").range();
        assertThat(v6.firstAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:0");
        assertThat(v6.lastAddress().getHostAddress()).isEqualTo("2001:db8:0:ffff:ffff:ffff:ffff:ffff");
        assertThat(Prefix.parse("2001:db8::/48")).hasToString("2001:db8:0:0:0:0:0:0/48");
    }

    @Test
    void overlapNeedsTheSameFamilyAndACommonAddress() {
        assertThat(AddressRange.parse("10.0.0.0/16").overlaps(AddressRange.parse("10.0.255.255-10.1.0.0"))).isTrue();
        assertThat(AddressRange.parse("10.0.0.0/16").overlaps(AddressRange.parse("10.1.0.0/16"))).isFalse();
        assertThat(AddressRange.parse("::/0").overlaps(AddressRange.parse("0.0.0.0/0"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.3.0.10-10.3.0.20|10.3.0.10/31 10.3.0.12/30 10.3.0.16/30 10.3.0.20/32",
            "10.3.0.0-10.3.0.255|10.3.0.0/24",
            "10.3.0.7-10.3.0.7|10.3.0.7/32",
            "0.0.0.0-255.255.255.254|0.0.0.0/1 128.0.0.0/2 192.0.0.0/3 224.0.0.0/4 240.0.0.0/5 248.0.0.0/6 252.0.0.0/7 254.0.0.0/8"
                    + " 255.0.0.0/9 255.128.0.0/10 255.192.0.0/11 255.224.0.0/12 255.240.0.0/13 255.248.0.0/14 255.252.0.0/15"
                    + " 255.254.0.0/16 255.255.0.0/17 255.255.128.0/18 255.255.192.0/19 255.255.224.0/20 255.255.240.0/21"
                    + " 255.255.248.0/22 255.255.252.0/23 255.255.254.0/24 255.255.255.0/25 255.255.255.128/26"
                    + " 255.255.255.192/27 255.255.255.224/28 255.255.255.240/29 255.255.255.248/30 255.255.255.252/31"
                    + " 255.255.255.254/32",
            "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff|0:0:0:0:0:0:0:0/0",
            "2001:db8::1-2001:db8::4|2001:db8:0:0:0:0:0:1/128 2001:db8:0:0:0:0:0:2/127 2001:db8:0:0:0:0:0:4/128"})
    void aRangeIsExactlyTheUnionOfTheFewestPrefixes(String range, String prefixes) {
        AddressRange r = AddressRange.parse(range);
        List<Prefix> union = r.prefixes();
        assertThat(union).extracting(Prefix::toString).containsExactly(prefixes.split(" "));
        // adjacent, in order, from the first address to the last: exactly the range
        assertThat(union.getFirst().range().first()).isEqualTo(r.first());
        assertThat(union.getLast().range().last()).isEqualTo(r.last());
        for (int i = 1; i < union.size(); i++) {
            assertThat(union.get(i).range().first()).isEqualTo(union.get(i - 1).range().last().add(BigInteger.ONE));
        }
    }

    @Test
    void printsAsAPrefixWhenItIsOne() {
        assertThat(AddressRange.parse("10.3.0.0-10.3.0.255")).hasToString("10.3.0.0/24");
        assertThat(AddressRange.parse("10.3.0.10-10.3.0.20")).hasToString("10.3.0.10-10.3.0.20");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0/33|prefix length",
            "10.0.0.1/24|host bits",
            "2001:db8::/129|prefix length",
            "10.0.0.20-10.0.0.10|inverted",
            "10.0.0.1-2001:db8::1|mixes IPv4 and IPv6",
            "10.0.0/24|not an IP address",
            "010.0.0.0/8|not an IP address",
            "example.com/24|not an IP address",
            "fe80::1%eth0/64|scope",
            "10.0.0.0|not a CIDR prefix",
            "10.0.0.0/-1|prefix length",
            "::ffff:10.0.0.0/104|IPv4-mapped"})
    void refusesWithTheReason(String text, String reason) {
        assertThatThrownBy(() -> AddressRange.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void identitiesAreTyped() {
        assertThat(IkeIdentity.parse("192.0.2.1").type()).isEqualTo(IkeIdentity.Type.IPV4_ADDR);
        assertThat(IkeIdentity.parse("2001:db8::1").type()).isEqualTo(IkeIdentity.Type.IPV6_ADDR);
        assertThat(IkeIdentity.parse("vpn.example.com").type()).isEqualTo(IkeIdentity.Type.FQDN);
        assertThat(IkeIdentity.parse("@branch").type()).isEqualTo(IkeIdentity.Type.FQDN);
        assertThat(IkeIdentity.parse("ops@example.com").type()).isEqualTo(IkeIdentity.Type.RFC822_ADDR);
        assertThat(IkeIdentity.parse("C=DE, O=Example, CN=gw").type()).isEqualTo(IkeIdentity.Type.DER_ASN1_DN);
        assertThatThrownBy(() -> IkeIdentity.parse("not valid")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IkeIdentity.parse("CN=")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IkeIdentity.parse("NOSUCHKEY=x, CN=gw")).hasMessageContaining("is not a distinguished name");
    }

    @Test
    void distinguishedNamesEncodeInTheOrderStrongSwanWritesThem() throws Exception {
        var dn = IkeIdentity.parse("C=DE, O=Example, CN=gw, E=ops@example.com").distinguishedName();
        var rdns = new javax.naming.ldap.LdapName(dn.getName()).getRdns(); // LdapName lists the ASN.1 order
        assertThat(rdns).extracting(r -> r.getType()).containsExactly("C", "O", "CN", "1.2.840.113549.1.9.1");
    }
}
