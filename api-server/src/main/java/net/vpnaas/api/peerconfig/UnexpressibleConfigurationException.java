package net.vpnaas.api.peerconfig;

import java.util.List;
import net.vpnaas.model.validation.Violation;

/**
 * The tunnel needs something the target cannot be configured to do (an algorithm it lacks, an
 * identity type it cannot send): refused, field by field, rather than written as a configuration
 * that would not match the gateway.
 */
public final class UnexpressibleConfigurationException extends Exception {
    private final transient List<Violation> violations;

    UnexpressibleConfigurationException(List<Violation> violations) {
        super(violations.toString(), null, false, false);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
