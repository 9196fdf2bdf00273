package net.vpnaas.api.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The setting that allows link-local endpoints binds as documented and allows nothing else. */
class EndpointAddressPropertiesTest {
    private static EndpointAddressProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("vpnaas.api.endpoints", EndpointAddressProperties.class);
    }

    @Test
    void linkLocalIsRefusedUnlessAllowed() {
        var byDefault = bind(Map.of()).rules();
        assertThatThrownBy(() -> byDefault.parseEndpoint("fe80::1")).hasMessageContaining("link-local");

        var allowed = bind(Map.of("vpnaas.api.endpoints.allow-link-local", "true")).rules();
        assertThat(allowed.parseEndpoint("fe80::1").getHostAddress()).isEqualTo("fe80:0:0:0:0:0:0:1");
        assertThat(allowed.parseEndpoint("169.254.1.1").getHostAddress()).isEqualTo("169.254.1.1");
        assertThatThrownBy(() -> allowed.parseEndpoint("127.0.0.1")).hasMessageContaining("never a VPN endpoint");
    }
}
