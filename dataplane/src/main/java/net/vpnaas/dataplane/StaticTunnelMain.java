package net.vpnaas.dataplane;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.vpnaas.dataplane.esp.EspAlgorithms;
import net.vpnaas.dataplane.sad.ChildSaConfig;
import net.vpnaas.dataplane.sad.Lifetime;
import net.vpnaas.dataplane.sad.OuterEndpoints;
import net.vpnaas.dataplane.sad.SaKeys;
import net.vpnaas.dataplane.spd.TrafficPolicy;
import net.vpnaas.dataplane.spd.TrafficSelector;
import net.vpnaas.dataplane.sync.SnapshotDecodeException;
import net.vpnaas.dataplane.sync.Takeover;

/**
 * Runs a data path with static SAs and policies from a small file, for namespace tests and
 * benchmarks while no IKE engine is attached. Prints {@code READY} once packets flow, the per-SA
 * counters (ending with {@code END}) for each line read from stdin, and once more when stdin
 * closes or the process is terminated. Lines on stdin that are cluster commands answer with one
 * line and {@code END} instead: {@code snapshot FILE} writes an ESP counter snapshot to FILE,
 * {@code import FILE} imports one, {@code takeover} advances the counters of the last import
 * ({@link net.vpnaas.dataplane.sync.EspCounterSync}) and only then installs the SAs and policies of a
 * {@code standby} file, as a cluster member taking over would. File format, one item a line,
 * {@code #} starts a comment:
 * <pre>
 * standby       # SAs and policies wait for the takeover command
 * tun dp0 queues=2 mtu=1500 [bypass] [nooffload]
 * udp 192.0.2.1:4500
 * raw 192.0.2.1
 * sa reqid=1 alg=aes128gcm16 encap=udp local=192.0.2.1:4500 remote=192.0.2.2:4500
 *    in-spi=0x1001 in-key=HEX [in-integ=HEX] out-spi=0x2001 out-key=HEX [out-integ=HEX] [esn] [replay=4096]
 * policy reqid=1 local=10.1.0.0/24 remote=10.2.0.0/24
 * </pre>
 * AEAD keys include their 4-byte salt. {@code alg} is aes128gcm16, aes256gcm16, chacha20poly1305
 * or aes128|aes256-sha256|sha384|sha512.
 */
public final class StaticTunnelMain {
    private StaticTunnelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: StaticTunnelMain <config file>");
            System.exit(2);
        }
        StaticConfig config = StaticConfig.parse(Files.readAllLines(Path.of(args[0])));
        // No IKE engine here: report IKE messages so that tests can see the demultiplexing work.
        DataPlane dp = DataPlane.start(config.dataPlane(), (local, remote, message) -> {
            synchronized (StaticTunnelMain.class) {
                System.out.println("IKE from " + remote + " " + HexFormat.of().formatHex(message));
                System.out.flush();
            }
        });
        if (!config.standby()) install(dp, config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> printCounters(dp, config)));
        System.out.println("READY");
        System.out.flush();
        // Each line on stdin is a cluster command or asks for the counters; end of input stops the data path.
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in))) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] words = line.trim().split("\\s+");
                switch (words[0]) {
                    case "snapshot" -> answer("SNAPSHOT " + write(Path.of(words[1]), dp.counterSync().snapshot()));
                    case "import" -> {
                        try {
                            dp.counterSync().importSnapshot(Files.readAllBytes(Path.of(words[1])));
                            answer("IMPORTED");
                        } catch (SnapshotDecodeException e) {
                            answer("REFUSED " + e.getMessage());
                        }
                    }
                    case "takeover" -> {
                        Duration since = dp.counterSync().sinceLastImport().orElse(Duration.ZERO);
                        Takeover t = dp.counterSync().advanceForTakeover(since,
                                config.sas().stream().map(sa -> sa.inbound().spi()).toList());
                        install(dp, config);
                        answer("TAKEOVER since=" + since.toMillis() + "ms " + t);
                    }
                    default -> printCounters(dp, config);
                }
            }
        } catch (IOException e) {
            // parent gone: shut down like on end of input
        }
        System.exit(0);
    }

    private static void install(DataPlane dp, StaticConfig config) {
        config.sas().forEach(dp::addChildSa);
        config.policies().forEach(dp::installPolicy);
    }

    private static int write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        return bytes.length;
    }

    private static synchronized void answer(String line) {
        System.out.println(line);
        System.out.println("END");
        System.out.flush();
    }

    private static synchronized void printCounters(DataPlane dp, StaticConfig config) {
        for (ChildSaConfig sa : config.sas()) {
            dp.usage(sa.inbound().spi()).ifPresent(u -> System.out.println("SA " + Long.toHexString(sa.inbound().spi()) + " " + u));
        }
        System.out.println("COUNTERS " + dp.counters());
        System.out.println("END");
        System.out.flush();
    }

    /** The parsed file. */
    record StaticConfig(DataPlaneConfig dataPlane, List<ChildSaConfig> sas, List<TrafficPolicy> policies, boolean standby) {

        static StaticConfig parse(List<String> lines) throws IOException {
            String tun = null;
            int queues = Runtime.getRuntime().availableProcessors();
            int mtu = 1500;
            boolean bypass = false;
            boolean offloads = true;
            boolean standby = false;
            List<InetSocketAddress> udp = new ArrayList<>();
            List<InetAddress> raw = new ArrayList<>();
            List<ChildSaConfig> sas = new ArrayList<>();
            List<TrafficPolicy> policies = new ArrayList<>();
            for (String line : lines) {
                String trimmed = line.replaceAll("#.*", "").trim();
                if (trimmed.isEmpty()) continue;
                String[] words = trimmed.split("\\s+");
                Map<String, String> kv = options(words);
                switch (words[0]) {
                    case "standby" -> standby = true;
                    case "tun" -> {
                        tun = words[1];
                        queues = Integer.parseInt(kv.getOrDefault("queues", String.valueOf(queues)));
                        mtu = Integer.parseInt(kv.getOrDefault("mtu", "1500"));
                        bypass = kv.containsKey("bypass");
                        offloads = !kv.containsKey("nooffload");
                    }
                    case "udp" -> udp.add(socketAddress(words[1]));
                    case "raw" -> raw.add(InetAddress.getByName(words[1]));
                    case "sa" -> sas.add(sa(kv));
                    case "policy" -> policies.add(new TrafficPolicy(Integer.parseInt(kv.get("reqid")),
                            selectors(kv.get("local")), selectors(kv.get("remote"))));
                    default -> throw new IllegalArgumentException("unknown line: " + line);
                }
            }
            if (tun == null) throw new IllegalArgumentException("no tun line");
            return new StaticConfig(new DataPlaneConfig(tun, queues, udp, raw, mtu, bypass, offloads), sas, policies, standby);
        }

        private static ChildSaConfig sa(Map<String, String> kv) throws IOException {
            HexFormat hex = HexFormat.of();
            EspAlgorithms alg = EspAlgorithms.parse(kv.get("alg"));
            boolean udp = "udp".equals(kv.getOrDefault("encap", "udp"));
            SaKeys in = new SaKeys(Long.decode(kv.get("in-spi")), hex.parseHex(kv.get("in-key")),
                    hex.parseHex(kv.getOrDefault("in-integ", "")));
            SaKeys out = new SaKeys(Long.decode(kv.get("out-spi")), hex.parseHex(kv.get("out-key")),
                    hex.parseHex(kv.getOrDefault("out-integ", "")));
            OuterEndpoints endpoints = new OuterEndpoints(socketAddress(kv.get("local")), socketAddress(kv.get("remote")), udp);
            return new ChildSaConfig(Integer.parseInt(kv.get("reqid")), kv.getOrDefault("name", "static"), alg, in, out,
                    endpoints, kv.containsKey("esn"), Integer.parseInt(kv.getOrDefault("replay", "4096")), Lifetime.UNLIMITED);
        }

        private static Map<String, String> options(String[] words) {
            Map<String, String> kv = new LinkedHashMap<>();
            for (int i = 1; i < words.length; i++) {
                int eq = words[i].indexOf('=');
                if (eq < 0) kv.put(words[i], "");
                else kv.put(words[i].substring(0, eq), words[i].substring(eq + 1));
            }
            return kv;
        }

        private static List<TrafficSelector> selectors(String list) {
            return java.util.Arrays.stream(list.split(",")).map(TrafficSelector::ofCidr).toList();
        }

        private static InetSocketAddress socketAddress(String text) throws IOException {
            int colon = text.lastIndexOf(':');
            String host = text.substring(0, colon).replace("[", "").replace("]", "");
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(text.substring(colon + 1)));
        }
    }
}
