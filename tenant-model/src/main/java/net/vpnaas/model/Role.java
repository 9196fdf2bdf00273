package net.vpnaas.model;

/** What an API key may do in its tenant (and the tenant's MSP children). */
public enum Role {
    /** Everything, including tenants and API keys. */
    ADMIN,
    /** Gateways, peers, crypto policies and tunnels. */
    OPERATOR,
    /** Read-only. */
    VIEWER;

    /** Whether this role may do everything {@code least} may (ADMIN includes OPERATOR includes VIEWER). */
    public boolean atLeast(Role least) {
        return ordinal() <= least.ordinal();
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static java.util.Optional<Role> fromWireName(String name) {
        for (Role r : values()) {
            if (r.wireName().equals(name)) {
                return java.util.Optional.of(r);
            }
        }
        return java.util.Optional.empty();
    }
}
