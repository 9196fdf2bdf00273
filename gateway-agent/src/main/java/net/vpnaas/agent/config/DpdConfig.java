package net.vpnaas.agent.config;

import java.time.Duration;

/**
 * Dead peer detection: probe after {@code interval} of silence (zero disables), declare the peer
 * dead after {@code timeout}, then {@code action}.
 */
public record DpdConfig(Duration interval, Duration timeout, Action action) {

    public enum Action {
        /** Drop the SAs. */
        CLEAR("clear"),
        /** Drop them and set the tunnel up again on traffic. */
        HOLD("hold"),
        /** Set the tunnel up again at once. */
        RESTART("restart");

        private final String json;

        Action(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }
    }
}
