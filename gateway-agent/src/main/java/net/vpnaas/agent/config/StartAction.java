package net.vpnaas.agent.config;

/** Whether the agent sets a tunnel up by itself or waits for the peer (tenant-model names). */
public enum StartAction {
    /** Initiate at once and keep it up. */
    INITIATE("initiate"),
    /** Wait for the peer to initiate. */
    RESPOND("respond");

    private final String json;

    StartAction(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }
}
