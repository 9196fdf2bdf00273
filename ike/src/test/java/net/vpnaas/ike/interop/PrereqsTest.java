package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing prerequisite fails under CI and skips elsewhere; nothing missing does neither. */
class PrereqsTest {

    @Test
    void missingUnderCiFails() {
        assertThatThrownBy(() -> Prereqs.check(List.of("root privileges"), true))
                .isInstanceOf(AssertionError.class).hasMessageContaining("root privileges").hasMessageContaining("CI=true");
    }

    @Test
    void missingOutsideCiSkips() {
        assertThatThrownBy(() -> Prereqs.check(List.of("iperf3"), false))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("iperf3");
    }

    @Test
    void nothingMissingPasses() {
        assertThatCode(() -> Prereqs.check(List.of(), true)).doesNotThrowAnyException();
    }
}
