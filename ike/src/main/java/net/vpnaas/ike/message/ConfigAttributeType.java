package net.vpnaas.ike.message;

/** IKEv2 Configuration Payload Attribute Types (RFC 7296 section 3.15.1 and later RFCs). */
public enum ConfigAttributeType implements IanaCode {
    INTERNAL_IP4_ADDRESS(1),
    INTERNAL_IP4_NETMASK(2),
    INTERNAL_IP4_DNS(3),
    INTERNAL_IP4_NBNS(4),
    INTERNAL_IP4_DHCP(6),
    APPLICATION_VERSION(7),
    INTERNAL_IP6_ADDRESS(8),
    INTERNAL_IP6_DNS(10),
    INTERNAL_IP6_DHCP(12),
    INTERNAL_IP4_SUBNET(13),
    SUPPORTED_ATTRIBUTES(14),
    INTERNAL_IP6_SUBNET(15),
    MIP6_HOME_PREFIX(16),
    INTERNAL_IP6_LINK(17),
    INTERNAL_IP6_PREFIX(18),
    HOME_AGENT_ADDRESS(19),
    P_CSCF_IP4_ADDRESS(20),
    P_CSCF_IP6_ADDRESS(21),
    FTT_KAT(22),
    EXTERNAL_SOURCE_IP4_NAT_INFO(23),
    TIMEOUT_PERIOD_FOR_LIVENESS_CHECK(24),
    INTERNAL_DNS_DOMAIN(25),
    INTERNAL_DNSSEC_TA(26),
    /** A code this enum does not name; the holder keeps the numeric code. */
    UNKNOWN(-1);

    private static final CodeIndex<ConfigAttributeType> INDEX = new CodeIndex<>(values(), UNKNOWN);
    private final int code;

    ConfigAttributeType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static ConfigAttributeType of(int code) {
        return INDEX.of(code);
    }
}
