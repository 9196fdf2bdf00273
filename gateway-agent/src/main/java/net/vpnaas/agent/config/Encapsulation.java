package net.vpnaas.agent.config;

/** How ESP packets travel (tenant-model names). */
public enum Encapsulation {
    /** Raw ESP unless NAT is detected, then ESP in UDP 4500 (RFC 3948). */
    AUTO("auto"),
    /** Always ESP in UDP 4500, even without NAT (for paths that drop IP protocol 50). */
    FORCE_UDP("force_udp");

    private final String json;

    Encapsulation(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }
}
