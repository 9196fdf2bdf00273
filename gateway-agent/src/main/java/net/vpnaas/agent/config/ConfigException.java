package net.vpnaas.agent.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config file was rejected; carries every problem found, not just the first. */
public final class ConfigException extends Exception {

    private final transient List<ConfigError> errors;

    public ConfigException(String source, List<ConfigError> errors) {
        super("invalid config " + source + ":\n" + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
