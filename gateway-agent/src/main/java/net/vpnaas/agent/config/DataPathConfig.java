package net.vpnaas.agent.config;

/**
 * Settings of this machine's data path, local to the agent (the control plane does not send them):
 * the TUN device the agent creates and routes tunnel traffic into, its MTU, and the number of queues
 * (one outbound worker thread each).
 */
public record DataPathConfig(String tunName, int tunMtu, int queues) {
    public static final DataPathConfig DEFAULT = new DataPathConfig("vpnaas0", 1400, 2);
}
