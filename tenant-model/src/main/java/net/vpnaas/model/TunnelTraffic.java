package net.vpnaas.model;

import java.util.ArrayList;
import java.util.List;
import net.vpnaas.model.net.AddressRange;
import net.vpnaas.model.net.Prefix;
import net.vpnaas.model.validation.Violations;

/**
 * What a tunnel carries: its traffic selectors (CIDR prefixes or address ranges) on each side,
 * each address family on both sides or on neither. Validated alike
 * wherever a tunnel is written: by id in the REST API ({@link TunnelSpec}), by name in a
 * gateway's configuration.
 */
public final class TunnelTraffic {
    static final int MAX_SELECTORS = 16;

    private TunnelTraffic() {}

    public static void validate(Violations v, List<String> localTrafficSelectors, List<String> remoteTrafficSelectors) {
        List<AddressRange> local = selectors(v, "localTrafficSelectors", localTrafficSelectors);
        List<AddressRange> remote = selectors(v, "remoteTrafficSelectors", remoteTrafficSelectors);
        if (allParsed(local) && allParsed(remote)) {
            familiesHaveCounterparts(v, "localTrafficSelectors", local, "remoteTrafficSelectors", remote);
            familiesHaveCounterparts(v, "remoteTrafficSelectors", remote, "localTrafficSelectors", local);
        }
        for (int i = 0; i < remote.size(); i++) {
            for (AddressRange l : local) {
                if (l != null && remote.get(i) != null && l.overlaps(remote.get(i))) {
                    v.add("remoteTrafficSelectors[" + i + "]", "overlaps a local traffic selector");
                    break;
                }
            }
        }
    }

    /** Selectors that passed {@link #validate}, parsed: CIDR prefixes and address ranges alike. */
    public static List<AddressRange> ranges(List<String> selectors) {
        return selectors.stream().map(AddressRange::parse).toList();
    }

    /** False when a selector could not be parsed (its family is unknown) or there is none. */
    private static boolean allParsed(List<AddressRange> selectors) {
        return !selectors.isEmpty() && !selectors.contains(null);
    }

    /**
     * A Child SA carries a packet only when its source lies in one side's selectors and its
     * destination in the other's (RFC 7296 section 2.9), so traffic flows only between selectors
     * of the same address family: one whose family has no selector on the other side can never
     * carry a packet. Several families are fine as long as each has a counterpart (a dual-stack
     * tunnel); a lone family is most likely a prefix forgotten on the other side.
     */
    private static void familiesHaveCounterparts(Violations v, String field, List<AddressRange> side,
                                                 String otherField, List<AddressRange> other) {
        for (int i = 0; i < side.size(); i++) {
            boolean ipv4 = side.get(i).isIpv4();
            if (other.stream().noneMatch(o -> o.isIpv4() == ipv4)) {
                String family = ipv4 ? "IPv4" : "IPv6";
                v.add(field + "[" + i + "]", "is " + family + " but " + otherField + " holds no " + family
                        + " selector; traffic flows only between selectors of the same address family");
            }
        }
    }

    /** Parses each selector; the returned list is index-aligned (null where unparsable). */
    private static List<AddressRange> selectors(Violations v, String field, List<String> texts) {
        List<AddressRange> parsed = new ArrayList<>();
        if (!v.required(field, texts)) {
            return parsed;
        }
        if (texts.isEmpty() || texts.size() > MAX_SELECTORS) {
            v.add(field, "must hold 1 to " + MAX_SELECTORS + " traffic selectors");
        }
        for (int i = 0; i < texts.size(); i++) {
            String item = field + "[" + i + "]";
            AddressRange range = null;
            try {
                range = AddressRange.parse(texts.get(i));
                for (int j = 0; j < i; j++) {
                    if (parsed.get(j) != null && parsed.get(j).overlaps(range)) {
                        v.add(item, "overlaps " + field + "[" + j + "]");
                        break;
                    }
                }
            } catch (IllegalArgumentException e) {
                v.add(item, e.getMessage());
            }
            parsed.add(range);
        }
        return parsed;
    }
}
