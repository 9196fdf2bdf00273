package net.vpnaas.ike.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import net.vpnaas.ike.sasink.TrafficSelector;
import org.junit.jupiter.api.Test;

class ConfigurationResponderTest {

    private static TrafficSelector range(String start, String end) {
        return new TrafficSelector(InetAddress.ofLiteral(start), InetAddress.ofLiteral(end), 0, 0, 65535);
    }

    @Test
    void selectorsThatArePrefixesBecomeSubnetsAndOtherRangesDoNot() {
        assertThat(ConfigurationResponder.prefixLength(range("10.1.0.0", "10.1.0.255"))).contains(24);
        assertThat(ConfigurationResponder.prefixLength(range("0.0.0.0", "255.255.255.255"))).contains(0);
        assertThat(ConfigurationResponder.prefixLength(range("10.1.0.7", "10.1.0.7"))).contains(32);
        assertThat(ConfigurationResponder.prefixLength(range("fd00:1::", "fd00:1::ffff:ffff:ffff:ffff"))).contains(64);
        assertThat(ConfigurationResponder.prefixLength(range("10.1.0.10", "10.1.0.20"))).isEmpty();
        assertThat(ConfigurationResponder.prefixLength(range("10.1.0.128", "10.1.1.127"))).as("a /24's size off its boundary").isEmpty();
    }
}
