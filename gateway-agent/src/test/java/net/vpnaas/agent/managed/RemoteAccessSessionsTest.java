package net.vpnaas.agent.managed;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.vpnaas.ike.engine.ChildSaView;
import net.vpnaas.ike.engine.IkeSaView;
import net.vpnaas.ike.sa.ChildSa;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sasink.ChildSaUsage;
import org.junit.jupiter.api.Test;

class RemoteAccessSessionsTest {
    private static IkeSaView view(long spiI, long spiR, Instant established, InetAddress virtualIp) {
        return new IkeSaView("staff", IkeSa.State.ESTABLISHED, false, spiI, spiR, new InetSocketAddress("192.0.2.1", 4500),
                new InetSocketAddress("198.51.100.7", 4501), "192.0.2.1", "alice@example.com", "", true, false, null, null, null,
                established, null, null, List.of(new ChildSaView(1, ChildSa.State.INSTALLED, 0xc1, 0xc2, "", List.of(), List.of(),
                Instant.EPOCH, null, null)), virtualIp);
    }

    @Test
    void anEstablishedIkeSaIsASessionNamedByItsSpisWithItsChildSasBytes() throws Exception {
        var sessions = RemoteAccessSessions.of("ep-1", List.of(
                view(0x0102030405060708L, 0xfffffffffffffffeL, Instant.ofEpochMilli(1234), InetAddress.getByName("10.99.0.1")),
                view(9, 0, null, null)), // half-open: not a session yet
                spi -> spi == 0xc1 ? Optional.of(new ChildSaUsage(100, 1, 200, 2, 0, 0, 0, Instant.EPOCH)) : Optional.empty());
        assertThat(sessions).hasSize(1);
        var s = sessions.getFirst();
        assertThat(s.getSessionId()).isEqualTo("0102030405060708fffffffffffffffe");
        assertThat(s.getEndpointId()).isEqualTo("ep-1");
        assertThat(s.getIdentity()).isEqualTo("alice@example.com");
        assertThat(s.getVirtualIp()).isEqualTo("10.99.0.1");
        assertThat(s.getOuterAddress()).isEqualTo("198.51.100.7:4501");
        assertThat(s.getSinceEpochMillis()).isEqualTo(1234);
        assertThat(s.getBytesIn()).isEqualTo(100);
        assertThat(s.getBytesOut()).isEqualTo(200);
        assertThat(RemoteAccessSessions.initiatorSpi(s.getSessionId())).hasValue(0x0102030405060708L);
        assertThat(RemoteAccessSessions.initiatorSpi("not-a-session")).isEmpty();
        assertThat(RemoteAccessSessions.initiatorSpi("0102030405060708fffffffffffffffg")).isEmpty();
    }
}
