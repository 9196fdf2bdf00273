package net.vpnaas.model;

import java.util.ArrayList;
import java.util.List;
import net.vpnaas.model.net.AddressRange;

/**
 * What a gateway can run, decided once for every encoding of a configuration: the REST API (422
 * naming the field), a standalone file and a pushed snapshot all ask here, so an agent never has
 * to NACK what the control plane could have known. Its rules follow from what a tunnel needs (a
 * gateway reaches a peer only over an address family it has an address of, and authenticates to a
 * certificate peer only with a certificate of its own), not from what the agent cannot do yet:
 * every setting that validates runs.
 */
public final class GatewayCapabilities {

    /**
     * A problem of a tunnel's peer, with the peer's field that causes it ({@code address},
     * {@code auth.type} or {@code auth.expectedIdentity}), for a client that changes the peer.
     */
    public record PeerProblem(String peerField, String detail) {}

    private GatewayCapabilities() {}

    /**
     * What keeps a tunnel from joining {@code gateway} (whose own validation passed) to {@code peer}
     * (likewise): an IP-addressed peer of a family the gateway has no address of can never be
     * reached; a certificate peer needs a gateway certificate to authenticate the gateway with; and
     * the IKE engine checks a peer's certificate against the identity the peer sends, so the
     * expected certificate identity must be that identity. A peer named by DNS is
     * checked when the agent resolves it.
     */
    public static List<PeerProblem> tunnelPeer(GatewaySpec gateway, boolean gatewayHasCertificate, PeerSpec peer) {
        List<PeerProblem> problems = new ArrayList<>();
        peer.ipAddress().ifPresent(address -> {
            boolean ipv4 = address.getAddress().length == 4;
            if (gateway.publicAddresses().stream().noneMatch(a -> (AddressRange.parseAddress(a).getAddress().length == 4) == ipv4)) {
                String family = ipv4 ? "IPv4" : "IPv6";
                problems.add(new PeerProblem("address", "peer '" + peer.name() + "' is at " + family + " address " + peer.address()
                        + ", and gateway '" + gateway.name() + "' has no " + family + " public address to reach it from"));
            }
        });
        if (peer.auth() instanceof PeerAuth.Certificate(String pem, String expected)) {
            if (!gatewayHasCertificate) {
                problems.add(new PeerProblem("auth.type", "peer '" + peer.name() + "' authenticates with a certificate, but gateway '"
                        + gateway.name() + "' has no IKE certificate to authenticate itself with (give it one with PUT"
                        + " /v1/gateways/{id}/certificate; a standalone file gives it as gateway.certificateFile and gateway.privateKeyFile)"));
            }
            if (!expected.equals(peer.ikeIdentity())) {
                problems.add(new PeerProblem("auth.expectedIdentity", "peer '" + peer.name() + "' expects the certificate identity '" + expected
                        + "' but names itself '" + peer.ikeIdentity() + "' in IKE; gateways check the certificate against"
                        + " the identity the peer sends, so the two must be equal"));
            }
        }
        return problems;
    }
}
