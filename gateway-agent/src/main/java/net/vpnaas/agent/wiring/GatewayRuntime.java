package net.vpnaas.agent.wiring;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import net.vpnaas.agent.config.StandaloneConfig;
import net.vpnaas.agent.config.StartAction;
import net.vpnaas.agent.wiring.EngineConnections.EngineTunnel;
import net.vpnaas.dataplane.DataPlane;
import net.vpnaas.dataplane.DataPlaneConfig;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.engine.EngineOptions;
import net.vpnaas.ike.engine.IkeEngine;
import net.vpnaas.ike.sa.IkeSa;

/**
 * A running gateway: the data path (TUN + ESP sockets on port 4500 and raw ESP), the IKE engine on
 * port 500 and, through the data path, 4500, and the tunnels of one configuration. Tunnels with
 * start action "initiate" are set up at once; "respond" ones wait for the peer.
 */
public final class GatewayRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GatewayRuntime.class.getName());
    /** Outer path MTU the data path assumes until ICMP says otherwise (Ethernet). */
    private static final int PATH_MTU = 1500;

    private final List<EngineTunnel> tunnels;
    private final SharedNattTransport transport;
    private final DataPlane dataPlane;
    private final IkeEngine engine;

    private GatewayRuntime(List<EngineTunnel> tunnels, SharedNattTransport transport, DataPlane dataPlane, IkeEngine engine) {
        this.tunnels = tunnels;
        this.transport = transport;
        this.dataPlane = dataPlane;
        this.engine = engine;
    }

    public static GatewayRuntime start(StandaloneConfig config) throws EngineConnections.UnsupportedException {
        List<EngineTunnel> tunnels = EngineConnections.from(config);
        var addresses = config.gateway().publicAddresses();
        SharedNattTransport transport = new SharedNattTransport(addresses, EngineConnections.IKE_PORT, EngineConnections.NATT_PORT);
        DataPlane dp;
        try {
            dp = DataPlane.start(new DataPlaneConfig(config.dataPath().tunName(), config.dataPath().queues(),
                    addresses.stream().map(a -> new InetSocketAddress(a, EngineConnections.NATT_PORT)).toList(),
                    // No bypass: traffic routed into the TUN is for tunnels only. TUN offloads on: the
                    // kernel hands over TCP super-packets that the data path segments itself.
                    addresses, PATH_MTU, false, true), transport);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        transport.attach(dp);
        IkeEngine engine = null;
        try {
            TunRoutes.up(config.dataPath().tunName(), config.dataPath().tunMtu());
            for (EngineTunnel t : tunnels) {
                t.tunnel().remoteTrafficSelectors().forEach(p -> TunRoutes.route(p, config.dataPath().tunName()));
            }
            Map<String, Integer> replay = tunnels.stream().collect(Collectors.toMap(
                    t -> t.tunnel().name(), t -> t.tunnel().cryptoPolicy().replayWindow()));
            DataPlaneSaSink sink = new DataPlaneSaSink(dp, replay);
            engine = new IkeEngine(transport, sink, RandomSource.secure(), EngineOptions.DEFAULT);
            for (EngineTunnel t : tunnels) engine.addConnection(t.connection());
            engine.start();
            for (EngineTunnel t : tunnels) {
                if (t.tunnel().cryptoPolicy().startAction() == StartAction.INITIATE) engine.initiate(t.tunnel().name());
            }
        } catch (RuntimeException e) {
            if (engine != null) engine.close();
            dp.close();
            transport.close();
            throw e;
        }
        return new GatewayRuntime(tunnels, transport, dp, engine);
    }

    /** The engine's IKE SAs of a tunnel, for status output. */
    public List<IkeSa> ikeSas(String tunnel) {
        return engine.ikeSas(tunnel);
    }

    public List<String> tunnelNames() {
        return tunnels.stream().map(t -> t.tunnel().name()).toList();
    }

    /** Sends IKE Deletes for every tunnel, gives them {@code grace} to go out, then stops everything. */
    public void shutdown(Duration grace) {
        for (EngineTunnel t : tunnels) engine.deleteIke(t.tunnel().name());
        try {
            Thread.sleep(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    @Override
    public void close() {
        LOG.info("stopping");
        engine.close();
        dataPlane.close();
        transport.close();
    }
}
