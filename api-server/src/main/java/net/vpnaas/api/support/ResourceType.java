package net.vpnaas.api.support;

/** The kinds of resources the API serves; the wire name appears in audit events and cursors. */
public enum ResourceType {
    TENANT("tenant"),
    API_KEY("api_key"),
    GATEWAY("gateway"),
    PEER("peer"),
    CRYPTO_POLICY("crypto_policy"),
    TUNNEL("tunnel"),
    /** A gateway's endpoint for remote-access clients (EAP through RADIUS, virtual IPs). */
    REMOTE_ACCESS_ENDPOINT("remote_access_endpoint"),
    AUDIT_EVENT("audit_event"),
    ENROLLMENT_TOKEN("enrollment_token"),
    /** A gateway's IKE certificate; its audit events carry the gateway's id. */
    GATEWAY_CERTIFICATE("gateway_certificate"),
    /** A person who signs in; its audit events include sign-in failures, password and TOTP changes. */
    USER("user"),
    /** A signed-in browser: created by signing in, deleted by signing out. */
    SESSION("session");

    private final String wireName;

    ResourceType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
