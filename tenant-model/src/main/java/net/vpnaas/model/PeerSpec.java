package net.vpnaas.model;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.vpnaas.model.net.AddressRange;
import net.vpnaas.model.net.EndpointAddressRules;
import net.vpnaas.model.net.HostAddress;
import net.vpnaas.model.net.IkeIdentity;
import net.vpnaas.model.validation.Violation;
import net.vpnaas.model.validation.Violations;

/** A tenant's remote device: where it is, how it names itself in IKE, how it authenticates. */
public record PeerSpec(String name, Map<String, String> labels, String address, String ikeIdentity, PeerAuth auth) {
    public static final int MIN_PSK_BYTES = 16;
    public static final int MAX_PSK_BYTES = 256;

    /** The address when it is an IP literal; empty for a DNS name (never looked up here). */
    public Optional<InetAddress> ipAddress() {
        try {
            return Optional.of(AddressRange.parseAddress(address));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public PeerSpec withDefaults() {
        return new PeerSpec(name, labels == null ? Map.of() : labels, address, ikeIdentity, auth);
    }

    /** {@code rules} say which IP addresses the service accepts as a peer's address. */
    public List<Violation> validate(EndpointAddressRules rules) {
        Violations v = new Violations();
        v.name("name", name);
        v.labels("labels", labels);
        if (v.required("address", address)) {
            String problem = HostAddress.problem(address, rules);
            if (problem != null) {
                v.add("address", problem);
            }
        }
        if (v.required("ikeIdentity", ikeIdentity)) {
            identity(v, "ikeIdentity", ikeIdentity);
        }
        if (v.required("auth", auth)) {
            switch (auth) {
                case PeerAuth.Psk(String psk) -> {
                    if (psk != null) {
                        int bytes = psk.getBytes(StandardCharsets.UTF_8).length;
                        if (bytes < MIN_PSK_BYTES || bytes > MAX_PSK_BYTES) {
                            v.add("auth.psk", "must be " + MIN_PSK_BYTES + " to " + MAX_PSK_BYTES + " bytes long");
                        }
                    }
                }
                case PeerAuth.Certificate(String pem, String expected) -> {
                    if (v.required("auth.caBundlePem", pem)) {
                        PemCertificates.problem(pem).ifPresent(problem -> v.add("auth.caBundlePem", problem));
                    }
                    if (v.required("auth.expectedIdentity", expected)) {
                        identity(v, "auth.expectedIdentity", expected);
                    }
                }
            }
        }
        return v.toList();
    }

    private static void identity(Violations v, String field, String text) {
        try {
            IkeIdentity.parse(text);
        } catch (IllegalArgumentException e) {
            v.add(field, e.getMessage());
        }
    }
}
