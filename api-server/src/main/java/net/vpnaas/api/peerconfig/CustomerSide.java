package net.vpnaas.api.peerconfig;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.GatewaySpec;
import net.vpnaas.model.PeerAuth;
import net.vpnaas.model.PeerPpk;
import net.vpnaas.model.PeerSpec;
import net.vpnaas.model.net.AddressRange;
import net.vpnaas.model.net.IkeIdentity;
import net.vpnaas.model.net.Prefix;
import net.vpnaas.model.validation.Violations;

/**
 * One tunnel seen from the customer's device (the peer): what a configuration for it is written
 * from. Our gateway's local selectors are the device's remote ones and the other way round. The
 * peer's PSK is in {@code peer.auth()}, and its PPKs' secrets in {@code peer.ppks()}, only when they
 * may be disclosed; otherwise they are null and the renderers write {@link Placeholders#PSK} and
 * {@link Placeholders#PPK}. {@code gatewayCertificateFromTenantCa}: the
 * gateway's IKE certificate was issued by the tenant's IKE CA (false when it was uploaded, or
 * the gateway has none).
 */
public record CustomerSide(String tunnelName, GatewaySpec gateway, boolean gatewayCertificateFromTenantCa, PeerSpec peer,
                           CryptoPolicySpec policy, List<AddressRange> gatewaySelectors, List<AddressRange> peerSelectors) {

    public CustomerSide {
        gatewaySelectors = List.copyOf(gatewaySelectors);
        peerSelectors = List.copyOf(peerSelectors);
    }

    /** The gateway's identity in IKE: its first public address (the control plane has no other). */
    public IkeIdentity gatewayIdentity() {
        return IkeIdentity.parse(gateway.publicAddresses().getFirst());
    }

    public IkeIdentity peerIdentity() {
        return IkeIdentity.parse(peer.ikeIdentity());
    }

    /**
     * The gateway addresses the device talks to: for a peer at an IP address the gateway's first of
     * that family (the one the gateway sends from); for a peer named by DNS, whose family only the
     * lookup decides, every public address.
     */
    public List<String> gatewayAddresses() {
        Optional<InetAddress> peerAddress = peer.ipAddress();
        if (peerAddress.isEmpty()) {
            return gateway.publicAddresses();
        }
        int length = peerAddress.get().getAddress().length;
        return gateway.publicAddresses().stream()
                .filter(a -> AddressRange.parseAddress(a).getAddress().length == length)
                .limit(1)
                .toList();
    }

    public boolean usesCertificates() {
        return peer.auth() instanceof PeerAuth.Certificate;
    }

    /** The PSK to write, when the caller may see it; empty for a placeholder (or a certificate peer). */
    public Optional<String> disclosedPsk() {
        return peer.auth() instanceof PeerAuth.Psk(String psk) ? Optional.ofNullable(psk) : Optional.empty();
    }

    /**
     * The peer's post-quantum preshared keys (RFC 8784), secrets null unless they may be disclosed;
     * the device names the first, and holds them all, since the gateway offers its first and takes
     * whichever the device names.
     */
    public List<PeerPpk> ppks() {
        return peer.ppks() == null ? List.of() : peer.ppks();
    }

    public boolean ppkRequired() {
        return Boolean.TRUE.equals(peer.ppkRequired());
    }

    /**
     * For outputs that do not write PPKs: a required PPK would leave a device configured without one
     * unable to connect, so it is refused; optional PPKs are left out (the gateway then falls back
     * to IKE without a PPK, RFC 8784 NO_PPK_AUTH).
     */
    void refuseRequiredPpk(String output, Violations refused) {
        if (ppkRequired()) {
            refused.add("peer.ppkRequired", output + " does not write post-quantum preshared keys (RFC 8784) yet;"
                    + " the strongSwan output does");
        }
    }

    /** The name of the configuration's connection and files: the tunnel's name, in characters every format takes. */
    public String connectionName() {
        return "vpnaas-" + tunnelName.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** When the device rekeys its IKE SA: where our gateway does, so neither outlives the other's lifetime. */
    public int ikeRekeySeconds() {
        return policy.ikeLifetimeSeconds() - policy.ikeRekeyMarginSeconds();
    }

    public int childRekeySeconds() {
        return policy.childLifetimeSeconds() - policy.childRekeyMarginSeconds();
    }

    /** Up to how much earlier than {@link #ikeRekeySeconds()} the rekey may come: the policy's fuzz share of its margin. */
    public int ikeRekeyFuzzSeconds() {
        return policy.ikeRekeyMarginSeconds() * policy.rekeyFuzzPercent() / 100;
    }

    public int childRekeyFuzzSeconds() {
        return policy.childRekeyMarginSeconds() * policy.rekeyFuzzPercent() / 100;
    }

    /**
     * The device's selectors of one family as CIDR prefixes, for formats that take no address
     * ranges: a range becomes the fewest prefixes that make it up (as the gateway routes it), and
     * the gateway accepts Child SAs for such parts of its selectors.
     */
    public List<Prefix> peerPrefixes(boolean ipv4) {
        return prefixes(peerSelectors, ipv4);
    }

    public List<Prefix> gatewayPrefixes(boolean ipv4) {
        return prefixes(gatewaySelectors, ipv4);
    }

    private static List<Prefix> prefixes(List<AddressRange> ranges, boolean ipv4) {
        return ranges.stream().filter(r -> r.isIpv4() == ipv4).flatMap(r -> r.prefixes().stream()).toList();
    }

    /** What to trust for the gateway's certificate: the tenant's IKE CA, or the CA of a certificate the tenant uploaded. */
    public String gatewayCaFile() {
        return gatewayCertificateFromTenantCa ? Placeholders.TENANT_IKE_CA_FILE : Placeholders.UPLOADED_CA_FILE;
    }
}
