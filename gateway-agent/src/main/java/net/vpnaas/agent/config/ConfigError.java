package net.vpnaas.agent.config;

/** One problem in a config file: the field as a JSON path ({@code tunnels[2].peer}) and what is wrong. */
public record ConfigError(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
