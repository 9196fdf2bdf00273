package net.vpnaas.model;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import net.vpnaas.model.net.AddressRange;
import net.vpnaas.model.net.EndpointAddressRules;
import net.vpnaas.model.net.HostAddress;
import net.vpnaas.model.net.IkeIdentity;
import net.vpnaas.model.validation.Violation;
import net.vpnaas.model.validation.Violations;

/**
 * A tenant's remote device: where it is, how it names itself in IKE, how it authenticates, and the
 * post-quantum preshared keys (RFC 8784) the tunnels to it mix in: the gateway offers the first and
 * takes any of them from the peer; with {@code ppkRequired} an IKE SA without one fails, otherwise it
 * falls back to plain IKEv2. {@code qkd}: where the tunnels' QKD keys come from, null without QKD.
 */
public record PeerSpec(String name, Map<String, String> labels, String address, String ikeIdentity, PeerAuth auth,
                       List<PeerPpk> ppks, Boolean ppkRequired, PeerQkd qkd) {
    public static final int MIN_PSK_BYTES = 16;
    public static final int MAX_PSK_BYTES = 256;
    /** A password for PACE may be as short as a 6-digit code: guessing it takes an online attempt per guess. */
    public static final int MIN_PASSWORD_BYTES = 6;
    /** RFC 8784 section 5.1 recommends the base64 characters in a PPK_ID for interoperability. */
    private static final Pattern PPK_ID = Pattern.compile("[A-Za-z0-9+/=_.-]+");

    /** A peer without post-quantum preshared keys. */
    public PeerSpec(String name, Map<String, String> labels, String address, String ikeIdentity, PeerAuth auth) {
        this(name, labels, address, ikeIdentity, auth, null, null, null);
    }

    /** A peer without QKD. */
    public PeerSpec(String name, Map<String, String> labels, String address, String ikeIdentity, PeerAuth auth,
                    List<PeerPpk> ppks, Boolean ppkRequired) {
        this(name, labels, address, ikeIdentity, auth, ppks, ppkRequired, null);
    }

    /** The address when it is an IP literal; empty for a DNS name (never looked up here). */
    public Optional<InetAddress> ipAddress() {
        try {
            return Optional.of(AddressRange.parseAddress(address));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public PeerSpec withDefaults() {
        return new PeerSpec(name, labels == null ? Map.of() : labels, address, ikeIdentity, auth,
                ppks == null ? List.of() : ppks, ppkRequired == null ? Boolean.FALSE : ppkRequired,
                qkd == null ? null : qkd.withDefaults());
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
                    if (psk != null) pskLength(v, "auth.psk", psk);
                }
                case PeerAuth.Null(String gatewayPsk) -> {
                    if (gatewayPsk != null) pskLength(v, "auth.gatewayPsk", gatewayPsk);
                }
                case PeerAuth.Password(String password) -> {
                    if (v.required("auth.password", password)) {
                        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
                        if (bytes < MIN_PASSWORD_BYTES || bytes > MAX_PSK_BYTES) {
                            v.add("auth.password", "must be " + MIN_PASSWORD_BYTES + " to " + MAX_PSK_BYTES + " bytes long");
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
        ppks(v);
        if (qkd != null) qkd.validate(v, "qkd");
        return v.toList();
    }

    private static void pskLength(Violations v, String field, String psk) {
        int bytes = psk.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_PSK_BYTES || bytes > MAX_PSK_BYTES) {
            v.add(field, "must be " + MIN_PSK_BYTES + " to " + MAX_PSK_BYTES + " bytes long");
        }
    }

    /**
     * Absent PPKs are none, as {@link #withDefaults()} makes them. A PPK's secret may be absent (an
     * update keeping it); whether it must be there is the encoding's rule.
     */
    private void ppks(Violations v) {
        List<PeerPpk> ppks = ppks() == null ? List.of() : ppks();
        if (ppks.size() > PeerPpk.MAX_PPKS) v.add("ppks", "must hold at most " + PeerPpk.MAX_PPKS + " PPKs");
        if (Boolean.TRUE.equals(ppkRequired) && ppks.isEmpty()) v.add("ppkRequired", "needs at least one PPK in ppks");
        if (auth instanceof PeerAuth.Null && !ppks.isEmpty()) v.add("ppks", "NULL authentication takes no PPKs: they need PSK or certificate authentication");
        if (auth instanceof PeerAuth.Password && !ppks.isEmpty()) v.add("ppks", "password authentication (PACE) takes no PPKs: they need PSK or certificate authentication");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < ppks.size(); i++) {
            String item = "ppks[" + i + "]";
            PeerPpk ppk = ppks.get(i);
            if (!v.required(item, ppk)) continue;
            if (v.required(item + ".id", ppk.id())) {
                if (ppk.id().length() > PeerPpk.MAX_ID_LENGTH || !PPK_ID.matcher(ppk.id()).matches()) {
                    v.add(item + ".id", "must be 1 to " + PeerPpk.MAX_ID_LENGTH + " of A-Z a-z 0-9 + / = _ . -");
                } else if (!ids.add(ppk.id())) {
                    v.add(item + ".id", "'" + ppk.id() + "' appears twice");
                }
            }
            if (ppk.secret() != null) {
                int bytes = ppk.secret().getBytes(StandardCharsets.UTF_8).length;
                if (bytes < PeerPpk.MIN_SECRET_BYTES || bytes > PeerPpk.MAX_SECRET_BYTES) {
                    v.add(item + ".secret", "must be " + PeerPpk.MIN_SECRET_BYTES + " to " + PeerPpk.MAX_SECRET_BYTES
                            + " bytes long (RFC 8784: at least 256 bits of entropy)");
                }
            }
        }
    }

    private static void identity(Violations v, String field, String text) {
        try {
            IkeIdentity.parse(text);
        } catch (IllegalArgumentException e) {
            v.add(field, e.getMessage());
        }
    }
}
