package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Soak against strongSwan with short lifetimes set in both configurations: the IKE SA and the Child SA
 * go through at least three rekeys started by each side while strongSwan pings through the tunnel.
 *
 * <p>The side with the shorter timer always rekeys first (each new SA restarts both sides' timers), so
 * which side starts which rekey is chosen per run: in {@code WE_REKEY_CHILD} our Child SA lifetime
 * is 6 s and strongSwan's IKE SA lifetime 10 s; in {@code WE_REKEY_IKE} our IKE SA lifetime is 8 s and
 * strongSwan's Child SA lifetime 10 s (with 5 s, kernel-libipsec reaches the hard expiry before the soft
 * one, and charon deletes and recreates the Child SA instead of rekeying it). Together each side starts at least three rekeys of each kind.
 * Rekeys are counted from both views: the CREATE_CHILD_SA requests each side sent (its own log) and
 * parsed (the peer's log), and the distinct SPIs each side held. At the end both sides hold exactly one
 * IKE SA and one Child SA, with the same SPIs.
 *
 * <p>Traffic: strongSwan pings our inner address five times a second. Our side has no data path in this
 * module (the gateway agent's tests ping through it), so what is checked is that strongSwan sent ESP
 * on every Child SA it installed and that ESP kept reaching our NAT-T port throughout.
 */
class InteropSoakTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration MAX_SOAK = Duration.ofSeconds(50);
    /** How long to re-read the logs while a rekey is in flight (an exchange takes milliseconds). */
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final int REKEYS = 3;
    private static final String OUR_ID = "left.vpn.example";
    private static final String THEIR_ID = "right.vpn.example";

    enum Split {
        /** We start the Child SA rekeys (every 6 s), strongSwan the IKE SA rekeys (every 10 s). */
        WE_REKEY_CHILD(0, 6, Duration.ofSeconds(10), Duration.ofHours(1)),
        /** We start the IKE SA rekeys (every 8 s), strongSwan the Child SA rekeys (every 10 s). */
        WE_REKEY_IKE(8, 0, Duration.ZERO, Duration.ofSeconds(10));

        final int ourIkeSeconds;
        final int ourChildSeconds;
        final Duration theirIke;
        final Duration theirChild;

        Split(int ourIkeSeconds, int ourChildSeconds, Duration theirIke, Duration theirChild) {
            this.ourIkeSeconds = ourIkeSeconds;
            this.ourChildSeconds = ourChildSeconds;
            this.theirIke = theirIke;
            this.theirChild = theirChild;
        }

        boolean weRekeyChild() {
            return this == WE_REKEY_CHILD;
        }
    }

    // Our MessageLog lines: "CREATE_CHILD_SA request #3 --> /192.0.2.2:4500 [N(REKEY_SA) SA No TSi TSr]".
    private static final Pattern OUR_CHILD_REKEY = Pattern.compile("CREATE_CHILD_SA request #\\d+ (-->|<--) \\S+ \\[N\\(REKEY_SA\\)");
    private static final Pattern OUR_IKE_REKEY = Pattern.compile("CREATE_CHILD_SA request #\\d+ (-->|<--) \\S+ \\[SA No KE\\(");
    // Any CREATE_CHILD_SA line with its payloads and IKE SA: "... response #0 <-- /192.0.2.2:4500 [N(TEMPORARY_FAILURE)] spi a_i b_r".
    private static final Pattern OUR_EXCHANGE =
            Pattern.compile("CREATE_CHILD_SA (request|response) #(\\d+) (-->|<--) \\S+ \\[([^\\]]*)\\] spi (\\S+ \\S+)");
    // charon's: "generating CREATE_CHILD_SA request 2 [ N(REKEY_SA) SA No TSi TSr ]", "parsed CREATE_CHILD_SA request 5 [ SA No KE ]".
    private static final Pattern CHARON_CHILD_REKEY = Pattern.compile("(generating|parsed) CREATE_CHILD_SA request \\d+ \\[ N\\(REKEY_SA\\)");
    private static final Pattern CHARON_IKE_REKEY = Pattern.compile("(generating|parsed) CREATE_CHILD_SA request \\d+ \\[ SA No KE \\]");

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan();
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void sasSurviveRekeysFromBothSidesUnderPing(Split split) throws Exception {
        String psk = OurEnginePeer.newPsk();
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4, "ii");
             StrongSwanPeer swan = StrongSwanPeer.start(net.right().ns())) {
            Connection c = Connection.siteToSite("net", net.right(), net.left(), new Auth.Psk(THEIR_ID), new Auth.Psk(OUR_ID))
                    .withRekeyTime(split.theirIke);
            c = c.withChildren(List.of(new SwanctlConf.Child("net", List.of(net.right().innerSubnet()),
                    List.of(net.left().innerSubnet()), "aes256gcm16", "none", split.theirChild)));
            swan.load(SwanctlConf.of(c, new PskSecret(THEIR_ID, OUR_ID, psk.getBytes(StandardCharsets.US_ASCII))));
            String ours = """
                    name=net
                    local=%s
                    remote=%s
                    local_id=%s
                    remote_id=%s
                    psk=%s
                    ike=aes256gcm16-prfsha384-x25519
                    esp=aes256gcm16
                    local_ts=%s
                    remote_ts=%s
                    start=initiate
                    dpd=0
                    jitter=0
                    rekey_ike=%d
                    rekey_child=%d
                    lifetime_ike=%d
                    lifetime_child=%d
                    """.formatted(net.left().outerAddress(), net.right().outerAddress(), OUR_ID, THEIR_ID, psk,
                    net.left().innerSubnet(), net.right().innerSubnet(), split.ourIkeSeconds, split.ourChildSeconds,
                    // Ample hard limits: a rekey refused in a collision is retried 1-3 s later, past the default 10 %.
                    3 * split.ourIkeSeconds, 3 * split.ourChildSeconds);
            try (OurEnginePeer engine = OurEnginePeer.startReporting(net.left().ns(), ours)) {
                try {
                    StrongSwanPeer.withLogsOnFailure(() -> soak(split, net, swan, engine), swan);
                } finally {
                    System.out.println("--- engine log ---\n" + engine.log() + "\n--- charon log ---\n" + swan.log());
                }
            }
        }
    }

    private static void soak(Split split, NamespacePair net, StrongSwanPeer swan, OurEnginePeer engine) {
        swan.awaitInstalled("net", WAIT);
        Path pingLog = tempFile();
        Process ping = net.right().ns().start(Map.of(), pingLog, List.of("ping", "-n", "-i", "0.2",
                "-I", net.right().innerAddress(), net.left().innerAddress()));
        long t0 = System.nanoTime();
        Set<String> theirIkeSpis = new HashSet<>();
        Map<Long, Long> theirChildPacketsOut = new HashMap<>(); // strongSwan's outbound SPI -> packets it sent on it
        List<Long> espInSamples = new ArrayList<>();
        long nextEspSample = t0;
        try {
            boolean done = false;
            while (!done && System.nanoTime() - t0 < MAX_SOAK.toNanos()) {
                // Stop only once the SAs of the last sample have carried ping: the last rekey may have installed
                // a Child SA moments before the sample, and ping (every 200 ms) has not used it yet.
                boolean enough = enough(split, engine, swan);
                boolean allCarried = true;
                for (IkeSaStatus sa : swan.listSas()) {
                    theirIkeSpis.add(Long.toHexString(sa.initiatorSpi()) + "_" + Long.toHexString(sa.responderSpi()));
                    for (ChildSaStatus ch : sa.children()) {
                        theirChildPacketsOut.merge(ch.spiOut(), ch.packetsOut(), Math::max);
                        allCarried &= ch.packetsOut() > 0;
                    }
                }
                done = enough && allCarried;
                if (System.nanoTime() >= nextEspSample) {
                    espInSamples.add(engine.espIn());
                    nextEspSample += Duration.ofSeconds(5).toNanos();
                }
                NetNs.sleep(Duration.ofMillis(300));
            }
        } finally {
            ping.destroy();
        }
        System.out.printf("%s: soaked %d s%n", split, (System.nanoTime() - t0) / 1_000_000_000L);

        // Who started what, from both views. The rekey timers keep running, so a rekey may be in flight when
        // the logs are read (sent by one side, not yet parsed by the other): read them again until the counts
        // agree, for at most a few seconds. A rekey one side never saw never makes them agree.
        Logs logs = readUntil(() -> new Logs(engine.log(), swan.log()), l -> bothSidesSawEachRekey(l.ours(), l.theirs()));
        String ourLog = logs.ours();
        String theirLog = logs.theirs();
        int ourChildRekeysSent = count(OUR_CHILD_REKEY, ourLog, "-->");
        int ourChildRekeysParsed = count(OUR_CHILD_REKEY, ourLog, "<--");
        int ourIkeRekeysSent = count(OUR_IKE_REKEY, ourLog, "-->");
        int ourIkeRekeysParsed = count(OUR_IKE_REKEY, ourLog, "<--");
        int theirChildRekeysSent = count(CHARON_CHILD_REKEY, theirLog, "generating");
        int theirChildRekeysParsed = count(CHARON_CHILD_REKEY, theirLog, "parsed");
        int theirIkeRekeysSent = count(CHARON_IKE_REKEY, theirLog, "generating");
        int theirIkeRekeysParsed = count(CHARON_IKE_REKEY, theirLog, "parsed");
        System.out.printf("%s: child rekeys by us %d (strongSwan parsed %d), by strongSwan %d (we parsed %d); "
                        + "IKE rekeys by us %d (strongSwan parsed %d), by strongSwan %d (we parsed %d); ESP in every 5 s: %s%n",
                split, ourChildRekeysSent, theirChildRekeysParsed, theirChildRekeysSent, ourChildRekeysParsed,
                ourIkeRekeysSent, theirIkeRekeysParsed, theirIkeRekeysSent, ourIkeRekeysParsed, espInSamples);
        assertThat(ourChildRekeysParsed).as("strongSwan's Child SA rekeys seen by us").isEqualTo(theirChildRekeysSent);
        assertThat(theirChildRekeysParsed).as("our Child SA rekeys seen by strongSwan").isEqualTo(ourChildRekeysSent);
        assertThat(ourIkeRekeysParsed).as("strongSwan's IKE SA rekeys seen by us").isEqualTo(theirIkeRekeysSent);
        assertThat(theirIkeRekeysParsed).as("our IKE SA rekeys seen by strongSwan").isEqualTo(ourIkeRekeysSent);
        if (split.weRekeyChild()) {
            assertThat(ourChildRekeysSent).as("Child SA rekeys started by us").isGreaterThanOrEqualTo(REKEYS);
            assertThat(theirIkeRekeysSent).as("IKE SA rekeys started by strongSwan").isGreaterThanOrEqualTo(REKEYS);
        } else {
            assertThat(ourIkeRekeysSent).as("IKE SA rekeys started by us").isGreaterThanOrEqualTo(REKEYS);
            assertThat(theirChildRekeysSent).as("Child SA rekeys started by strongSwan").isGreaterThanOrEqualTo(REKEYS);
        }

        // Traffic kept flowing: strongSwan sent ESP on every Child SA it had, and ESP reached us in every 5 s window.
        assertThat(theirChildPacketsOut.values()).as("packets strongSwan sent per Child SA (by outbound SPI)")
                .allMatch(n -> n > 0);
        for (int i = 1; i < espInSamples.size(); i++) {
            assertThat(espInSamples.get(i)).as("ESP datagrams at our port by sample %d of %s", i, espInSamples)
                    .isGreaterThan(espInSamples.get(i - 1));
        }

        // At the end, one IKE SA and one Child SA on each side, the same ones.
        IkeSaStatus last = engine.awaitSameSasAs(swan, WAIT);
        theirIkeSpis.add(Long.toHexString(last.initiatorSpi()) + "_" + Long.toHexString(last.responderSpi()));
        assertThat(theirIkeSpis).as("IKE SAs strongSwan held (sampled)").hasSizeGreaterThanOrEqualTo(REKEYS + 1);
        // Each rekey made exactly one new SA on our side: no duplicates from crossing timers, none lost.
        // Again a rekey may be in flight (its request logged, the new SA not yet): read until the counts agree,
        // for at most a few seconds. A duplicated or lost SA never makes them agree.
        String finalLog = readUntil(engine::log, InteropSoakTest::eachRekeyMadeOneSa);
        assertThat(distinctOurIkeSpis(finalLog)).as("IKE SAs we held").hasSize(1 + rekeysThatMadeAnSa(OUR_IKE_REKEY, finalLog));
        assertThat(distinctOurChildSpis(finalLog)).as("Child SAs we held")
                .hasSize(1 + rekeysThatMadeAnSa(OUR_CHILD_REKEY, finalLog));
    }

    private record Logs(String ours, String theirs) {}

    /** Reads until {@code agree} holds or {@link #SETTLE} has passed; returns the last read. */
    private static <T> T readUntil(Supplier<T> read, Predicate<T> agree) {
        long until = System.nanoTime() + SETTLE.toNanos();
        T last = read.get();
        while (!agree.test(last) && System.nanoTime() < until) {
            NetNs.sleep(Duration.ofMillis(100));
            last = read.get();
        }
        return last;
    }

    private static boolean bothSidesSawEachRekey(String ourLog, String theirLog) {
        return count(OUR_CHILD_REKEY, ourLog, "<--") == count(CHARON_CHILD_REKEY, theirLog, "generating")
                && count(CHARON_CHILD_REKEY, theirLog, "parsed") == count(OUR_CHILD_REKEY, ourLog, "-->")
                && count(OUR_IKE_REKEY, ourLog, "<--") == count(CHARON_IKE_REKEY, theirLog, "generating")
                && count(CHARON_IKE_REKEY, theirLog, "parsed") == count(OUR_IKE_REKEY, ourLog, "-->");
    }

    private static boolean eachRekeyMadeOneSa(String log) {
        return distinctOurIkeSpis(log).size() == 1 + rekeysThatMadeAnSa(OUR_IKE_REKEY, log)
                && distinctOurChildSpis(log).size() == 1 + rekeysThatMadeAnSa(OUR_CHILD_REKEY, log);
    }

    /**
     * Rekey requests of one {@code kind}, either direction, less those answered with TEMPORARY_FAILURE: the
     * responder was busy (RFC 7296 2.25), e.g. with a rekey that crossed this one, so no SA came of it and the
     * initiator retries later with a new request. Requests and responses pair by IKE SA and message ID.
     */
    private static int rekeysThatMadeAnSa(Pattern kind, String log) {
        Set<String> refused = new HashSet<>();
        Matcher m = OUR_EXCHANGE.matcher(log);
        while (m.find()) {
            if (m.group(1).equals("response") && m.group(4).contains("N(TEMPORARY_FAILURE)")) {
                String requestDirection = m.group(3).equals("<--") ? "-->" : "<--";
                refused.add(m.group(5) + " #" + m.group(2) + " " + requestDirection);
            }
        }
        int made = 0;
        m = OUR_EXCHANGE.matcher(log);
        while (m.find()) {
            if (m.group(1).equals("request") && kind.matcher(m.group()).find()
                    && !refused.contains(m.group(5) + " #" + m.group(2) + " " + m.group(3))) {
                made++;
            }
        }
        return made;
    }

    /** Enough rekeys from the side(s) this split makes rekey, in both logs. */
    private static boolean enough(Split split, OurEnginePeer engine, StrongSwanPeer swan) {
        String ourLog = engine.log();
        String theirLog = swan.log();
        return split.weRekeyChild()
                ? count(OUR_CHILD_REKEY, ourLog, "-->") >= REKEYS && count(CHARON_IKE_REKEY, theirLog, "generating") >= REKEYS
                : count(OUR_IKE_REKEY, ourLog, "-->") >= REKEYS && count(CHARON_CHILD_REKEY, theirLog, "generating") >= REKEYS;
    }

    private static int count(Pattern p, String log, String group1) {
        Matcher m = p.matcher(log);
        int n = 0;
        while (m.find()) if (m.group(1).equals(group1)) n++;
        return n;
    }

    private static final Pattern CHILD_UP = Pattern.compile("CHILD_SA net up: ChildSa\\[reqid=\\d+ in=([0-9a-f]{8})");

    private static Set<String> distinctOurChildSpis(String log) {
        Set<String> spis = new HashSet<>();
        Matcher m = CHILD_UP.matcher(log);
        while (m.find()) spis.add(m.group(1));
        return spis;
    }

    private static Set<String> distinctOurIkeSpis(String log) {
        Set<String> spis = new HashSet<>();
        for (EngineStatus s : log.lines().filter(l -> l.startsWith("STATUS [")).map(l -> EngineStatus.parse(l.substring(7))).toList()) {
            for (EngineStatus.Ike ike : s.ikeSas()) {
                if (ike.established()) spis.add(Long.toHexString(ike.initiatorSpi()) + "_" + Long.toHexString(ike.responderSpi()));
            }
        }
        return spis;
    }

    private static Path tempFile() {
        try {
            Path p = Files.createTempFile("ii-ping", ".log");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
