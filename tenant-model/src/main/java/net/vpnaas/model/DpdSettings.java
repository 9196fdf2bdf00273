package net.vpnaas.model;

/**
 * Dead peer detection: probe after {@code intervalSeconds} of silence (0 disables), declare the
 * peer dead after {@code timeoutSeconds}, then {@code action}: clear (drop the SAs), hold
 * (drop them and re-establish on traffic) or restart (re-establish at once).
 */
public record DpdSettings(Integer intervalSeconds, Integer timeoutSeconds, String action) {
    public static final java.util.List<String> ACTIONS = java.util.List.of("clear", "hold", "restart");
    public static final DpdSettings DEFAULT = new DpdSettings(30, 150, "restart");

    DpdSettings withDefaults() {
        return new DpdSettings(
                intervalSeconds == null ? DEFAULT.intervalSeconds : intervalSeconds,
                timeoutSeconds == null ? DEFAULT.timeoutSeconds : timeoutSeconds,
                action == null ? DEFAULT.action : action);
    }
}
