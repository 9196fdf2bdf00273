package net.vpnaas.agent.config;

import java.util.List;
import java.util.stream.Collectors;
import net.vpnaas.model.validation.Violation;

/** A config file was rejected; carries every problem found, each naming its field, not just the first. */
public final class ConfigException extends Exception {

    private final transient List<Violation> errors;

    public ConfigException(String source, List<Violation> errors) {
        super("invalid config " + source + ":\n" + errors.stream().map(e -> "  " + e.field() + ": " + e.detail())
                .collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<Violation> errors() {
        return errors;
    }
}
