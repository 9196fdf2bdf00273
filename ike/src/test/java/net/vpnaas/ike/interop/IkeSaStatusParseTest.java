package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The --raw parser on output captured from strongSwan 5.9.8 (no root needed). */
class IkeSaStatusParseTest {

    private static final String CAPTURED = """
            list-sa event {site {uniqueid=1 version=2 state=ESTABLISHED local-host=192.0.2.1 local-port=4500 \
            local-id=C=CH, O=Test Org, CN=left.vpn.example remote-host=192.0.2.2 remote-port=4500 remote-id=b@test \
            initiator=yes initiator-spi=ef0643955ed6bfc9 responder-spi=7f75d7fb97f96562 nat-remote=yes nat-any=yes \
            encr-alg=AES_GCM_16 encr-keysize=256 prf-alg=PRF_HMAC_SHA2_384 dh-group=CURVE_25519 established=1 \
            rekey-time=13522 child-sas {net-1 {name=net uniqueid=1 reqid=1 state=INSTALLED mode=TUNNEL protocol=ESP \
            encap=yes spi-in=fa83852f spi-out=867e8dff encr-alg=AES_GCM_16 encr-keysize=256 bytes-in=168 packets-in=2 \
            use-in=0 bytes-out=168 packets-out=2 use-out=0 rekey-time=3347 life-time=3959 install-time=1 \
            local-ts=[10.1.0.0/24 10.3.0.0/24] remote-ts=[10.2.0.0/24]}}}}
            list-sas reply {}
            """;

    @Test
    void parsesIkeAndChildSa() {
        List<IkeSaStatus> sas = IkeSaStatus.parseListSas(CAPTURED);

        assertThat(sas).hasSize(1);
        IkeSaStatus sa = sas.getFirst();
        assertThat(sa.name()).isEqualTo("site");
        assertThat(sa.established()).isTrue();
        assertThat(sa.initiator()).isTrue();
        assertThat(sa.initiatorSpi()).isEqualTo(0xef0643955ed6bfc9L);
        assertThat(sa.responderSpi()).isEqualTo(0x7f75d7fb97f96562L);
        assertThat(sa.localId()).as("a DN with spaces and '=' stays one value").isEqualTo("C=CH, O=Test Org, CN=left.vpn.example");
        assertThat(sa.remoteId()).isEqualTo("b@test");
        assertThat(sa.dhGroup()).isEqualTo("CURVE_25519");
        assertThat(sa.integAlg()).isNull();

        ChildSaStatus child = sa.installedChild("net");
        assertThat(child).isNotNull();
        assertThat(child.spiIn()).isEqualTo(0xfa83852fL);
        assertThat(child.spiOut()).isEqualTo(0x867e8dffL);
        assertThat(child.udpEncapsulated()).isTrue();
        assertThat(child.bytesIn()).isEqualTo(168);
        assertThat(child.packetsOut()).isEqualTo(2);
        assertThat(child.localTs()).containsExactly("10.1.0.0/24", "10.3.0.0/24");
        assertThat(child.remoteTs()).containsExactly("10.2.0.0/24");
    }

    @Test
    void emptyListAndDiagnosticsYieldNoSas() {
        assertThat(IkeSaStatus.parseListSas("list-sas reply {}\n")).isEmpty();
        assertThat(IkeSaStatus.parseListSas("connecting to 'unix:///x' failed\n")).isEmpty();
    }

    @Test
    void truncatedOutputIsAClearError() {
        assertThatThrownBy(() -> IkeSaStatus.parseListSas("list-sa event {site {uniqueid=1 child-sas {"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated section");
    }
}
