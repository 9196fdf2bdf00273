package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Closing a namespace must leave nothing behind, not even a charon nobody closed. */
class NetNsCleanupTest {

    @Test
    void closingTheNamespaceStopsCharonAndDeletesIt() {
        Prereqs.requireStrongSwan();
        NetNs ns = NetNs.create();
        StrongSwanPeer peer = StrongSwanPeer.start(ns);
        long pid = peer.pid();
        assertThat(ns.pids()).contains(pid);
        assertThat(Exec.run("ip", "netns", "list").stdout()).contains(ns.name());

        ns.close(); // deliberately without closing the peer first

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Exec.run("ip", "netns", "list").stdout()).doesNotContain(ns.name());
        peer.close(); // still safe afterwards: only removes its temp dir
    }

    @Test
    void vethNamesFitTheKernelLimitAndCarryOurPrefix() {
        Prereqs.requireNetns();
        try (NetNs a = NetNs.create(); NetNs b = NetNs.create()) {
            Veth v = Veth.connect(a, b);
            assertThat(v.leftDevice()).startsWith("io").hasSizeLessThanOrEqualTo(15);
            a.addAddress(v.leftDevice(), "192.0.2.1/24");
            b.addAddress(v.rightDevice(), "192.0.2.2/24");
            a.exec("ping", "-c", "1", "-W", "2", "192.0.2.2");
        }
    }
}
