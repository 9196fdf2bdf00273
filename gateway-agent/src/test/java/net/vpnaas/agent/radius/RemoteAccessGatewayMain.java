package net.vpnaas.agent.radius;

import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import net.vpnaas.agent.config.DataPathConfig;
import net.vpnaas.agent.wiring.GatewayRuntime;
import net.vpnaas.ike.cli.ConnectionFile;
import net.vpnaas.ike.cli.IkeMain;
import net.vpnaas.ike.config.AddressRangePool;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.RemoteAccess;
import net.vpnaas.model.GatewaySpec;
import net.vpnaas.model.gateway.LocalGateway;
import net.vpnaas.model.net.Prefix;

/**
 * A gateway with our engine and data path ({@link GatewayRuntime}, as the agent runs them) serving one
 * remote-access connection: the engine's connection file (local address, identity, certificate,
 * proposals, local networks) plus {@code radius} (host:port list, in order), {@code radius_secret},
 * {@code eap_only}, {@code pool} (first-last), {@code pool_prefix} (routed into the TUN) and {@code dns}.
 * Prints {@code READY}, then {@code EVENT} lines for the engine's events.
 */
public final class RemoteAccessGatewayMain {

    private RemoteAccessGatewayMain() {}

    public static void main(String[] args) throws Exception {
        IkeMain.configureLogging(Level.INFO);
        Properties p = new Properties();
        try (var in = new FileInputStream(args[0])) {
            p.load(in);
        }
        ConnectionConfig base = ConnectionFile.read(Path.of(args[0])).connection();
        byte[] secret = p.getProperty("radius_secret").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<RadiusServer> servers = Arrays.stream(p.getProperty("radius").split(",")).map(s -> {
            String[] hp = s.split(":");
            return new RadiusServer(new InetSocketAddress(InetAddress.ofLiteral(hp[0]), Integer.parseInt(hp[1])), secret);
        }).toList();
        RadiusClient client = new RadiusClient(servers, Duration.ofMillis(500), 3);
        Optional<Authentication.Certificates> certificate = base.authentication() instanceof Authentication.Certificates c
                ? Optional.of(c) : Optional.empty();
        Authentication eap = new Authentication.Eap(certificate, new RadiusEapAuthenticator(client, "vpnaas-test-gateway"),
                Boolean.parseBoolean(p.getProperty("eap_only", "false")));
        String[] range = p.getProperty("pool").split("-");
        RemoteAccess ra = new RemoteAccess(new AddressRangePool(Optional.of(new AddressRangePool.Range(
                InetAddress.ofLiteral(range[0]), InetAddress.ofLiteral(range[1]))), Optional.empty()),
                List.of(InetAddress.ofLiteral(p.getProperty("dns"))));
        ConnectionConfig c = new ConnectionConfig(base.name(), base.local(), base.remote(), base.localId(), base.remoteId(), eap,
                base.ikeProposals(), base.espProposals(), base.localSelectors(), base.remoteSelectors(), base.lifetimes(), base.dpd(),
                base.retransmit(), base.natTraversal(), base.fragmentSize(), base.ppk(), base.qkd(), ra);
        LocalGateway gateway = new LocalGateway(new GatewaySpec("gw", Map.of(), List.of(base.local().getAddress().getHostAddress())),
                "gw.vpn.example", null);
        GatewayRuntime runtime = GatewayRuntime.start(gateway, new DataPathConfig("ravpn0", 1400, 1), null,
                e -> System.out.println("EVENT " + e), (t, r) -> {});
        runtime.addRemoteAccess(c, List.of(Prefix.parse(p.getProperty("pool_prefix"))));
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close));
        System.out.println("READY");
        Thread.currentThread().join();
    }

}
