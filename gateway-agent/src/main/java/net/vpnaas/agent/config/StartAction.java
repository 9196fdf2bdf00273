package net.vpnaas.agent.config;

/** What the agent does with a tunnel once configured. */
public enum StartAction {
    /** Wait for the peer to initiate. */
    NONE("none"),
    /** Initiate at once and keep it up. */
    START("start"),
    /** Initiate when the first packet matches the tunnel's selectors. */
    TRAP("trap");

    private final String json;

    StartAction(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }
}
