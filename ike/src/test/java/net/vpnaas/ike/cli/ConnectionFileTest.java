package net.vpnaas.ike.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Duration;
import java.util.Properties;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.crypto.EncryptionAlgorithm;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.engine.EngineOptions;
import org.junit.jupiter.api.Test;

class ConnectionFileTest {

    private static Properties props(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    @Test
    void readsAConnection() throws Exception {
        ConnectionFile f = ConnectionFile.parse(props("""
                name=site
                local=192.0.2.1
                remote=[2001:db8::2]:4501
                local_id=@a.example.org
                remote_id=198.51.100.7
                psk=s3cret
                ike=aes256gcm16-prfsha256-x25519,aes128-sha256-modp2048
                esp=aes256gcm16-esn
                local_ts=10.1.0.0/16,10.3.0.0/24
                remote_ts=10.2.0.0/16
                start=initiate
                """));
        var c = f.connection();
        assertThat(f.initiate()).isTrue();
        assertThat(c.local().getPort()).isEqualTo(500);
        assertThat(c.remote().getPort()).isEqualTo(4501);
        assertThat(c.remote().getAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:2");
        assertThat(c.localId().typeCode()).isEqualTo(Identity.ID_FQDN);
        assertThat(c.remoteId().typeCode()).isEqualTo(Identity.ID_IPV4_ADDR);
        assertThat(c.ikeProposals()).hasSize(2);
        assertThat(c.ikeProposals().get(1).groups()).containsExactly(KeyExchangeMethod.MODP_2048);
        assertThat(c.espProposals().getFirst().ciphers().getFirst().algorithm()).isEqualTo(EncryptionAlgorithm.AES_GCM_16);
        assertThat(c.espProposals().getFirst().esn()).isTrue();
        assertThat(c.localSelectors()).hasSize(2);
        assertThat(c.localSelectors().get(1).end().getHostAddress()).isEqualTo("10.3.0.255");
        // No lifetimes given: each SA lives 10 % longer than its rekey time (strongSwan's default).
        assertThat(c.lifetimes().ikeRekey()).isEqualTo(Duration.ofSeconds(14_400));
        assertThat(c.lifetimes().ikeLifetime()).isEqualTo(Duration.ofSeconds(15_840));
        assertThat(c.lifetimes().childRekey()).isEqualTo(Duration.ofSeconds(3_600));
        assertThat(c.lifetimes().childLifetime()).isEqualTo(Duration.ofSeconds(3_960));
        assertThat(f.options().nattPort()).isEqualTo(4500);
        assertThat(f.options().cookieThreshold()).isEqualTo(EngineOptions.DEFAULT.cookieThreshold());
    }

    @Test
    void nullAuthOnBothSidesOursOrThePeers() throws Exception {
        String base = """
                local=192.0.2.1
                remote=192.0.2.2
                local_id=@a.example.org
                remote_id=@b.example.org
                psk=s3cret
                ike=aes256gcm16-prfsha256-x25519
                esp=aes256gcm16
                local_ts=10.1.0.0/16
                remote_ts=10.2.0.0/16
                """;
        Authentication.Psk psk = new Authentication.Psk("s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(ConnectionFile.parse(props(base + "null_auth=both\n")).connection().authentication())
                .isEqualTo(Authentication.Null.bothSides());
        var local = (Authentication.Null) ConnectionFile.parse(props(base + "null_auth=local\n")).connection().authentication();
        assertThat(local.local()).isEmpty();
        assertThat(local.peer().orElseThrow().key()).isEqualTo(psk.key());
        var peer = (Authentication.Null) ConnectionFile.parse(props(base + "null_auth=peer\n")).connection().authentication();
        assertThat(peer.local().orElseThrow().key()).isEqualTo(psk.key());
        assertThat(peer.peer()).isEmpty();
    }

    @Test
    void readsLifetimesAndEngineOptions() throws Exception {
        ConnectionFile f = ConnectionFile.parse(props("""
                local=192.0.2.1
                remote=192.0.2.2
                local_id=@a.example.org
                remote_id=@b.example.org
                psk=s3cret
                ike=aes256gcm16-prfsha256-x25519
                esp=aes256gcm16
                local_ts=10.1.0.0/16
                remote_ts=10.2.0.0/16
                rekey_ike=3000
                lifetime_ike=3600
                rekey_child=0
                lifetime_child=600
                natt_port=4501
                cookie_threshold=0
                """));
        var l = f.connection().lifetimes();
        assertThat(l.ikeRekey()).isEqualTo(Duration.ofSeconds(3000));
        assertThat(l.ikeLifetime()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(l.childRekey()).isZero();
        assertThat(l.childLifetime()).isEqualTo(Duration.ofSeconds(600));
        assertThat(f.options().nattPort()).isEqualTo(4501);
        assertThat(f.options().cookieThreshold()).isZero();
    }

    @Test
    void refusesARekeyAfterTheLifetime() {
        assertThatThrownBy(() -> ConnectionFile.parse(props("""
                local=192.0.2.1
                remote=192.0.2.2
                local_id=@a.example.org
                remote_id=@b.example.org
                psk=s3cret
                ike=aes256gcm16-prfsha256-x25519
                esp=aes256gcm16
                local_ts=10.1.0.0/16
                remote_ts=10.2.0.0/16
                rekey_child=3600
                lifetime_child=3600
                """))).hasMessageContaining("Child SA rekey time");
    }

    @Test
    void namesTheMissingKey() {
        assertThatThrownBy(() -> ConnectionFile.parse(props("local=192.0.2.1\nremote=192.0.2.2\n")))
                .hasMessageContaining("'ike'");
    }

    @Test
    void refusesUnknownProposalTokens() {
        assertThatThrownBy(() -> ConnectionFile.parse(props("""
                local=192.0.2.1
                remote=192.0.2.2
                ike=aes256gcm16-prfmd5-x25519
                """))).hasMessageContaining("prfmd5");
    }
}
