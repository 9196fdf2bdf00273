package net.vpnaas.agent.localctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.vpnaas.ike.sasink.TrafficSelector;
import org.junit.jupiter.api.Test;

class SaListingTextTest {
    static final Instant NOW = Instant.parse("2026-05-04T10:05:00Z");

    /** The README's example. */
    static final SaListing LISTING = new SaListing(List.of(
            new SaListing.Tunnel("berlin-lan", "198.51.100.7", "initiate",
                    new SaListing.Dpd(30, 150, "restart"), "auto", List.of(new SaListing.IkeSa("ESTABLISHED", true,
                    "1a2b3c4d5e6f7081", "9f8e7d6c5b4a3921", "192.0.2.1[500]", "198.51.100.7[500]", "@gw-fra-1.vpn.example",
                    "@berlin.vpn.example", "AES_GCM_16_256/HMAC_SHA2_384/CURVE25519/ADDKE1=ML_KEM_768", "ML_KEM_768+PPK(ppk-2026)", false, false, "udp",
                    Instant.parse("2026-05-04T10:04:58Z"), Instant.parse("2026-05-04T10:00:00Z"), Instant.parse("2026-05-04T13:43:00Z"),
                    Instant.parse("2026-05-04T14:00:00Z"),
                    List.of(new SaListing.ChildSa(1, "INSTALLED", "c1b2bb5d", "c5d2d88c", "AES_GCM_16_256",
                            List.of("10.0.0.0/16"), List.of("10.20.0.0/24", "10.21.0.0/24"),
                            Instant.parse("2026-05-04T10:00:00Z"), Instant.parse("2026-05-04T10:46:17Z"),
                            Instant.parse("2026-05-04T11:00:00Z"),
                            new SaListing.Counters(1_254_120, 1204, 2_013_556, 1532, 0, 0, 3,
                                    Instant.parse("2026-05-04T10:04:58Z"))))))),
            new SaListing.Tunnel("paris-dc", "198.51.100.9", "respond",
                    new SaListing.Dpd(0, 60, "clear"), "force_udp", List.of())));

    @Test
    void listSasReadsLikeSwanctl() {
        assertThat(SaListingText.format(LISTING, NOW)).isEqualTo("""
                berlin-lan: peer 198.51.100.7, start action initiate
                  DPD probes after 30s of silence, dead after 2m 30s unanswered, then restart; encapsulation auto
                  IKE SA ESTABLISHED, we initiated, SPIs 1a2b3c4d5e6f7081_i* 9f8e7d6c5b4a3921_r
                    local  192.0.2.1[500] '@gw-fra-1.vpn.example'
                    remote 198.51.100.7[500] '@berlin.vpn.example'
                    AES_GCM_16_256/HMAC_SHA2_384/CURVE25519/ADDKE1=ML_KEM_768, quantum-safe: ML_KEM_768+PPK(ppk-2026)
                    established 5m 0s ago, rekeying in 3h 38m, expires in 3h 55m, peer last heard 2s ago
                    Child SA INSTALLED, reqid 1, ESP AES_GCM_16_256
                      installed 5m 0s ago, rekeying in 41m 17s, expires in 55m 0s
                      in  c1b2bb5d, 1254120 bytes, 1204 packets, last 2s ago
                      out c5d2d88c, 2013556 bytes, 1532 packets
                      dropped in: 0 replayed, 0 failed integrity, 3 outside the selectors
                      local  10.0.0.0/16
                      remote 10.20.0.0/24 10.21.0.0/24
                paris-dc: peer 198.51.100.9, start action respond
                  DPD without probes, dead after 1m 0s unanswered, then clear; encapsulation force_udp
                  no IKE SA
                """);
    }

    @Test
    void aResponderSaWithoutCountersOrTimesStillPrints() {
        SaListing l = new SaListing(List.of(new SaListing.Tunnel("t", "2001:db8::2", "respond", new SaListing.Dpd(30, 150, "hold"),
                "auto", List.of(new SaListing.IkeSa("CONNECTING", false, "00000000000000aa", "00000000000000bb",
                "[2001:db8::1][500]", "[2001:db8::2][500]", "@a", "@b", "", "none", true, false, "udp", NOW, null, null, null, List.of(new SaListing.ChildSa(2, "INSTALLED", "0000abcd", "0000dcba",
                "AES_GCM_16_256", List.of("10.1.0.0/24"), List.of("10.2.0.0/24"), NOW, null, null, null)))))));
        assertThat(SaListingText.format(l, NOW)).contains("IKE SA CONNECTING, the peer initiated, SPIs 00000000000000aa_i 00000000000000bb_r*")
                .contains("behind NAT").contains("installed 0s ago\n").contains("(no counters: the data path does not hold this SA)")
                .doesNotContain("established");
        assertThat(SaListingText.format(new SaListing(List.of()), NOW)).isEqualTo("no tunnels\n");
    }

    @Test
    void forcedEncapsulationIsToldFromANat() {
        SaListing.IkeSa forced = new SaListing.IkeSa("ESTABLISHED", true, "00000000000000aa", "00000000000000bb",
                "192.0.2.1[4500]", "198.51.100.7[4500]", "@a", "@b", "AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE25519", "none", false, true, "udp", NOW, NOW, null, null, List.of());
        String text = SaListingText.format(new SaListing(List.of(new SaListing.Tunnel("t", "198.51.100.7", "initiate",
                new SaListing.Dpd(30, 150, "restart"), "force_udp", List.of(forced)))), NOW);
        assertThat(text).contains("remote 198.51.100.7[4500] '@b', UDP-encapsulated ESP (forced)\n").doesNotContain("behind NAT");
    }

    @Test
    void tcpIsToldFromANat() {
        // Over TCP NAT detection may still see a NAT (the initiator's port is not the one it hashed), yet ESP is on the stream
        SaListing.IkeSa tcp = new SaListing.IkeSa("ESTABLISHED", false, "00000000000000aa", "00000000000000bb",
                "192.0.2.1[4500]", "198.51.100.7[41234]", "@a", "@b", "AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE25519", "none", true, false, "tcp", NOW, NOW, null, null, List.of());
        String text = SaListingText.format(new SaListing(List.of(new SaListing.Tunnel("t", "198.51.100.7", "respond",
                new SaListing.Dpd(30, 150, "restart"), "auto", List.of(tcp)))), NOW);
        assertThat(text).contains("remote 198.51.100.7[41234] '@b', IKE and ESP over TCP\n").doesNotContain("behind NAT");
    }

    @Test
    void spansAreShortButExactWhereItMatters() {
        assertThat(SaListingText.span(Duration.ofSeconds(59))).isEqualTo("59s");
        assertThat(SaListingText.span(Duration.ofSeconds(61))).isEqualTo("1m 1s");
        assertThat(SaListingText.span(Duration.ofSeconds(3 * 3600 + 120 + 5))).isEqualTo("3h 2m");
        assertThat(SaListingText.span(Duration.ofDays(2).plusHours(5))).isEqualTo("2d 5h");
    }

    @Test
    void selectorsArePrefixesWhereTheyCanBe() {
        assertThat(SaListings.selector(ts("10.1.0.0", "10.1.255.255", 0, 0, 65535))).isEqualTo("10.1.0.0/16");
        assertThat(SaListings.selector(ts("10.1.0.1", "10.1.0.1", 0, 0, 65535))).isEqualTo("10.1.0.1/32");
        assertThat(SaListings.selector(ts("0.0.0.0", "255.255.255.255", 0, 0, 65535))).isEqualTo("0.0.0.0/0");
        assertThat(SaListings.selector(ts("10.1.0.1", "10.1.0.9", 0, 0, 65535))).isEqualTo("10.1.0.1-10.1.0.9");
        assertThat(SaListings.selector(ts("10.1.0.4", "10.1.0.11", 0, 0, 65535))).as("size 8, not aligned").isEqualTo("10.1.0.4-10.1.0.11");
        assertThat(SaListings.selector(ts("2001:db8::", "2001:db8::ffff:ffff:ffff:ffff", 6, 443, 443))).isEqualTo("2001:db8::/64[tcp/443]");
        assertThat(SaListings.selector(ts("10.0.0.0", "10.0.0.255", 17, 0, 65535))).isEqualTo("10.0.0.0/24[udp]");
    }

    @Test
    void ipv6AddressesInTheirShortForm() {
        assertThat(SaListings.address(InetAddress.ofLiteral("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(SaListings.address(InetAddress.ofLiteral("2001:db8:0:1:1:1:1:1"))).as("one zero group stays").isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(SaListings.address(InetAddress.ofLiteral("::"))).isEqualTo("::");
        assertThat(SaListings.address(InetAddress.ofLiteral("::1"))).isEqualTo("::1");
        assertThat(SaListings.address(InetAddress.ofLiteral("fe80::"))).isEqualTo("fe80::");
        assertThat(SaListings.address(InetAddress.ofLiteral("2001:0:0:1:0:0:0:1"))).as("the longer run").isEqualTo("2001:0:0:1::1");
        assertThat(SaListings.address(InetAddress.ofLiteral("192.0.2.1"))).isEqualTo("192.0.2.1");
    }

    private static TrafficSelector ts(String start, String end, int proto, int from, int to) {
        return new TrafficSelector(InetAddress.ofLiteral(start), InetAddress.ofLiteral(end), proto, from, to);
    }
}
