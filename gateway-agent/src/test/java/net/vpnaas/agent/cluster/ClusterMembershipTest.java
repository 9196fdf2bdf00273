package net.vpnaas.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import net.vpnaas.agent.cluster.TestCluster.RecordingTakeover;
import net.vpnaas.ike.sync.IkeSaState;
import net.vpnaas.ike.sync.SampleStates;
import net.vpnaas.ike.sync.SendsFenced;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Membership, election and fencing of cluster members over real TLS sockets on loopback (no engines). */
class ClusterMembershipTest {
    private static ClusterPki pki;

    @BeforeAll
    static void ca() throws Exception {
        pki = new ClusterPki();
    }

    @Test
    void anAgentOfAnotherGatewayCannotJoin() throws Exception {
        try (TestCluster cluster = new TestCluster(pki, "a", "b")) {
            ClusterMember a = cluster.start("a", new RecordingTakeover(), ActiveWitness.NONE);
            // "b" holds a certificate of the same CA for another gateway: the handshake fails both ways.
            ClusterMember stranger = new ClusterMember(cluster.settings("b", cluster.addresses::get),
                    new SyncTls(pki.agent(UUID.randomUUID())), new RecordingTakeover(), ActiveWitness.NONE);
            try (stranger) {
                SyncTls intruder = new SyncTls(pki.agent(UUID.randomUUID()));
                assertThatThrownBy(() -> intruder.connect(cluster.addresses.get("a"), Duration.ofSeconds(2)).getInputStream().read())
                        .isInstanceOf(IOException.class);
                // A certificate of our gateway without clientAuth (not an agent's) is refused too.
                SyncTls notAnAgent = new SyncTls(pki.agent(cluster.gatewayId, KeyPurposeId.id_kp_serverAuth));
                assertThatThrownBy(() -> notAnAgent.connect(cluster.addresses.get("a"), Duration.ofSeconds(2)).getInputStream().read())
                        .isInstanceOf(IOException.class);
                stranger.start();
                // Alone, after the startup wait for its missing peer, it leads only itself.
                TestCluster.await("the stranger active on its own", () -> stranger.status().activeId().equals(Optional.of("b")));
                assertThat(a.status().standbys()).isEmpty();
                assertThat(a.status().activeId()).isEqualTo(Optional.of("a"));
            }
            // An agent of our gateway joins the same listener at once.
            ClusterMember b = cluster.start("b", new RecordingTakeover(), ActiveWitness.NONE);
            TestCluster.await("b follows a", () -> b.status().activeId().equals(Optional.of("a")) && b.status().role() == Role.STANDBY);
        }
    }

    @Test
    void exactlyOneActiveIsElectedAndAKilledActiveIsReplacedWithTheNextEpoch() throws Exception {
        try (TestCluster cluster = new TestCluster(pki, "a", "b", "c")) {
            Map<String, RecordingTakeover> takeovers = Map.of("a", new RecordingTakeover(), "b", new RecordingTakeover(),
                    "c", new RecordingTakeover());
            Map<String, ClusterMember> members = new TreeMap<>();
            for (String id : List.of("c", "b", "a")) members.put(id, cluster.start(id, takeovers.get(id), ActiveWitness.NONE));
            TestCluster.await("one active, followed by the others", () -> oneActiveFollowedByAll(members.values()));
            String active = members.values().stream().filter(m -> m.status().role() == Role.ACTIVE).findFirst().orElseThrow()
                    .status().memberId();
            long epoch = members.get(active).status().epoch();
            TestCluster.await("both standbys in sync", () -> members.get(active).status().standbys().values().stream()
                    .filter(s -> s == StandbySync.IN_SYNC).count() == 2);
            assertThat(takeovers.get(active).activations).containsExactly(epoch);

            members.remove(active).close(); // killed: its sockets close with no goodbye
            // The smaller id of the two standbys, which see each other, takes over; the other follows.
            String next = members.keySet().iterator().next();
            String other = members.keySet().stream().skip(1).findFirst().orElseThrow();
            // The role turns active before the agent is told (Takeover#activate runs outside the member's lock).
            TestCluster.await(next + " took over", () -> members.get(next).status().role() == Role.ACTIVE
                    && !takeovers.get(next).activations.isEmpty());
            assertThat(members.get(next).status().epoch()).isEqualTo(epoch + 1);
            assertThat(takeovers.get(next).activations).last().isEqualTo(epoch + 1);
            TestCluster.await(other + " follows " + next, () -> members.get(other).status().activeId().equals(Optional.of(next))
                    && members.get(next).status().standbys().equals(Map.of(other, StandbySync.IN_SYNC)));
            assertThat(members.get(other).status().role()).isEqualTo(Role.STANDBY);
            assertThat(members.get(other).status().epoch()).isEqualTo(epoch + 1);
        }
    }

    private static boolean oneActiveFollowedByAll(Collection<ClusterMember> members) {
        List<ClusterMember.Status> all = members.stream().map(ClusterMember::status).toList();
        List<String> actives = all.stream().filter(s -> s.role() == Role.ACTIVE).map(ClusterMember.Status::memberId).toList();
        return actives.size() == 1 && all.stream().allMatch(s -> s.activeId().equals(Optional.of(actives.getFirst())));
    }

    /**
     * Two members, and the sync link between them cut while both live. With a second path that still sees
     * the active, the standby waits: one active throughout, and after the link is back nothing changes.
     */
    @Test
    void cutSyncLinkWithAWitnessKeepsOneActive() throws Exception {
        try (TestCluster cluster = new TestCluster(pki, "a", "b"); CuttableLink link = new CuttableLink(cluster.addresses.get("b"))) {
            RecordingTakeover ta = new RecordingTakeover();
            RecordingTakeover tb = new RecordingTakeover();
            AtomicBoolean aAlive = new AtomicBoolean(true);
            ClusterMember a = cluster.start(cluster.settings("a", id -> link.address()), ta, ActiveWitness.NONE);
            ClusterMember b = cluster.start("b", tb, active -> aAlive.get()); // a's address still answers on the data segment
            TestCluster.await("a active, b in sync", () -> a.status().standbys().equals(Map.of("b", StandbySync.IN_SYNC)));
            long epoch = a.status().epoch();

            link.cut();
            TestCluster.await("a lost b", () -> a.status().standbys().isEmpty());
            Thread.sleep(TestCluster.HEARTBEAT.multipliedBy(TestCluster.MISSED * 3L).toMillis());
            assertThat(b.status().role()).as("b took over while a still served").isEqualTo(Role.STANDBY);
            assertThat(a.status().role()).isEqualTo(Role.ACTIVE);

            link.restore();
            TestCluster.await("b back in sync", () -> a.status().standbys().equals(Map.of("b", StandbySync.IN_SYNC)));
            assertThat(a.status().epoch()).isEqualTo(epoch);
            assertThat(tb.activations).isEmpty();
            assertThat(ta.deactivations).isEmpty();
        }
    }

    /**
     * Replication waits for the standby's acknowledgement; a standby that does not answer holds an exchange
     * for at most the ack timeout, is then out of sync, and gets a snapshot with the state it missed.
     */
    @Test
    void aSilentStandbyDelaysAnExchangeAtMostTheAckTimeoutAndIsResynchronized() throws Exception {
        try (TestCluster cluster = new TestCluster(pki, "a", "b"); CuttableLink link = new CuttableLink(cluster.addresses.get("b"))) {
            ClusterMember a = cluster.start(cluster.settings("a", id -> link.address()), new RecordingTakeover(), ActiveWitness.NONE);
            // a stays reachable by the second path: a stall of the sync link alone is no reason to take over
            ClusterMember b = cluster.start("b", new RecordingTakeover(), active -> true);
            TestCluster.await("a active, b in sync", () -> a.status().standbys().equals(Map.of("b", StandbySync.IN_SYNC)));
            IkeSaState state = SampleStates.full();

            long start = System.nanoTime();
            a.replicator().changed(state); // acknowledged by b before it returns
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TestCluster.ACK_TIMEOUT);
            assertThat(b.status().ikeSas()).isEqualTo(1);
            a.replicator().removed(state.connection(), state.initiatorSpi(), state.responderSpi());
            assertThat(b.status().ikeSas()).isZero();
            TestCluster.await("b still in sync", () -> a.status().standbys().equals(Map.of("b", StandbySync.IN_SYNC)));

            link.freeze();
            start = System.nanoTime();
            a.replicator().changed(state); // waits for b, gives up after the timeout: b is out of sync
            Duration held = Duration.ofNanos(System.nanoTime() - start);
            link.thaw();
            assertThat(held).as("how long the exchange was held").isGreaterThanOrEqualTo(TestCluster.ACK_TIMEOUT)
                    .isLessThan(TestCluster.ACK_TIMEOUT.plusSeconds(1));
            TestCluster.await("b resynchronized with the state it missed", () -> b.status().ikeSas() == 1
                    && a.status().standbys().equals(Map.of("b", StandbySync.IN_SYNC)));
        }
    }

    /**
     * Without a witness a cut link makes two actives; when the link is back the old active, with the lower
     * epoch, is fenced at the first word from the new one, and stops (deactivate, and its replicator refuses).
     */
    @Test
    void staleActiveWithTheLowerEpochIsFencedWhenTheLinkIsBack() throws Exception {
        try (TestCluster cluster = new TestCluster(pki, "a", "b"); CuttableLink link = new CuttableLink(cluster.addresses.get("b"))) {
            RecordingTakeover ta = new RecordingTakeover();
            RecordingTakeover tb = new RecordingTakeover();
            ClusterMember a = cluster.start(cluster.settings("a", id -> link.address()), ta, ActiveWitness.NONE);
            ClusterMember b = cluster.start("b", tb, ActiveWitness.NONE);
            TestCluster.await("a active, b in sync", () -> a.status().standbys().equals(Map.of("b", StandbySync.IN_SYNC)));
            long epoch = a.status().epoch();

            link.cut();
            TestCluster.await("b took over", () -> b.status().role() == Role.ACTIVE);
            assertThat(b.status().epoch()).isEqualTo(epoch + 1);
            assertThat(a.status().role()).isEqualTo(Role.ACTIVE); // the split brain a witness prevents

            link.restore();
            TestCluster.await("a fenced and stopped", () -> a.status().role() == Role.STANDBY && !ta.deactivations.isEmpty());
            assertThat(ta.deactivations).containsExactly(epoch + 1);
            assertThat(a.status().epoch()).isEqualTo(epoch + 1);
            assertThat(a.status().activeId()).contains("b");
            // Its engine's next exchange is refused: the held datagrams are dropped (see SaStateListener).
            assertThatThrownBy(() -> a.replicator().changed(SampleStates.full())).isInstanceOf(SendsFenced.class);
            TestCluster.await("a in sync as b's standby", () -> b.status().standbys().equals(Map.of("a", StandbySync.IN_SYNC)));
            assertThat(b.status().role()).isEqualTo(Role.ACTIVE);
            assertThat(tb.deactivations).isEmpty();
        }
    }
}
