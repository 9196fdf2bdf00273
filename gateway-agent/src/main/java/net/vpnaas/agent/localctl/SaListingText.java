package net.vpnaas.agent.localctl;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code list-sas} for people, laid out like strongSwan's {@code swanctl --list-sas}: per tunnel its
 * IKE SAs, indented under each its Child SAs with counters and selectors. Times are relative to
 * {@code now}; our own SPI carries a {@code *}.
 */
final class SaListingText {

    private SaListingText() {}

    static String format(SaListing listing, Instant now) {
        StringBuilder s = new StringBuilder();
        if (listing.tunnels().isEmpty()) s.append("no tunnels\n");
        for (SaListing.Tunnel t : listing.tunnels()) {
            s.append(t.name()).append(": peer ").append(t.peer()).append(", start action ").append(t.startAction()).append('\n');
            s.append("  DPD ").append(t.dpd().intervalSeconds() == 0 ? "without probes" : "probes after " + span(Duration.ofSeconds(t.dpd().intervalSeconds())) + " of silence")
                    .append(", dead after ").append(span(Duration.ofSeconds(t.dpd().timeoutSeconds()))).append(" unanswered, then ")
                    .append(t.dpd().action()).append("; encapsulation ").append(t.encapsulation()).append('\n');
            if (t.ikeSas().isEmpty()) s.append("  no IKE SA\n");
            for (SaListing.IkeSa ike : t.ikeSas()) ikeSa(s, ike, now);
        }
        return s.toString();
    }

    private static void ikeSa(StringBuilder s, SaListing.IkeSa ike, Instant now) {
        s.append("  IKE SA ").append(ike.state()).append(", ").append(ike.initiator() ? "we initiated" : "the peer initiated")
                .append(", SPIs ").append(ike.initiatorSpi()).append(ike.initiator() ? "_i* " : "_i ")
                .append(ike.responderSpi()).append(ike.initiator() ? "_r" : "_r*").append('\n');
        s.append("    local  ").append(ike.local()).append(" '").append(ike.localId()).append("'\n");
        s.append("    remote ").append(ike.remote()).append(" '").append(ike.remoteId()).append("'")
                .append("tcp".equals(ike.transport()) ? ", IKE and ESP over TCP"
                        : ike.natDetected() ? ", behind NAT (UDP-encapsulated ESP)"
                        : ike.udpEncapsulationForced() ? ", UDP-encapsulated ESP (forced)" : "").append('\n');
        if (!ike.algorithms().isEmpty()) {
            s.append("    ").append(ike.algorithms());
            if (!"none".equals(ike.quantumSafety())) s.append(", quantum-safe: ").append(ike.quantumSafety());
            s.append('\n');
        }
        if (ike.establishedAt() != null) {
            s.append("    established ").append(ago(ike.establishedAt(), now));
            if (ike.rekeyAt() != null) s.append(", rekeying ").append(in(ike.rekeyAt(), now));
            if (ike.expiresAt() != null) s.append(", expires ").append(in(ike.expiresAt(), now));
            if (ike.lastHeardAt() != null) s.append(", peer last heard ").append(ago(ike.lastHeardAt(), now));
            s.append('\n');
        }
        for (SaListing.ChildSa c : ike.childSas()) childSa(s, c, now);
    }

    private static void childSa(StringBuilder s, SaListing.ChildSa c, Instant now) {
        s.append("    Child SA ").append(c.state()).append(", reqid ").append(c.reqid()).append(", ESP ").append(c.algorithms()).append('\n');
        s.append("      installed ").append(ago(c.installedAt(), now));
        if (c.rekeyAt() != null) s.append(", rekeying ").append(in(c.rekeyAt(), now));
        if (c.expiresAt() != null) s.append(", expires ").append(in(c.expiresAt(), now));
        s.append('\n');
        SaListing.Counters n = c.counters();
        if (n == null) {
            s.append("      in  ").append(c.inboundSpi()).append("\n      out ").append(c.outboundSpi())
                    .append("\n      (no counters: the data path does not hold this SA)\n");
        } else {
            s.append("      in  ").append(c.inboundSpi()).append(", %d bytes, %d packets".formatted(n.bytesIn(), n.packetsIn()))
                    .append(n.lastInbound() == null ? "" : ", last " + ago(n.lastInbound(), now)).append('\n');
            s.append("      out ").append(c.outboundSpi()).append(", %d bytes, %d packets".formatted(n.bytesOut(), n.packetsOut())).append('\n');
            s.append("      dropped in: %d replayed, %d failed integrity, %d outside the selectors"
                    .formatted(n.replayDrops(), n.integrityFailures(), n.selectorDrops())).append('\n');
        }
        s.append("      local  ").append(String.join(" ", c.localTs())).append('\n');
        s.append("      remote ").append(String.join(" ", c.remoteTs())).append('\n');
    }

    private static String ago(Instant then, Instant now) {
        return span(Duration.between(then, now)) + " ago";
    }

    private static String in(Instant then, Instant now) {
        Duration d = Duration.between(now, then);
        return d.isNegative() ? "now" : "in " + span(d);
    }

    /** 42s, 17m 3s, 7h 17m, 3d 4h: exact where it matters, short where it does not. */
    static String span(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) return s + "s";
        if (s < 3600) return s / 60 + "m " + s % 60 + "s";
        if (s < 86400) return s / 3600 + "h " + s % 3600 / 60 + "m";
        return s / 86400 + "d " + s % 86400 / 3600 + "h";
    }
}
