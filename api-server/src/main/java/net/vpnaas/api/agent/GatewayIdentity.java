package net.vpnaas.api.agent;

import io.grpc.Context;
import java.util.UUID;

/**
 * The gateway an agent's stream belongs to, taken from its client certificate by
 * {@link GatewayIdentityInterceptor}; never from anything the agent says in a message.
 */
public final class GatewayIdentity {
    static final Context.Key<UUID> GATEWAY_ID = Context.key("vpnaas-gateway-id");

    private GatewayIdentity() {}

    /** The URI subjectAltName the CA puts into every agent certificate. */
    public static String uriFor(UUID gatewayId) {
        return "urn:vpnaas:gateway:" + gatewayId;
    }

    static UUID fromUri(String uri) {
        String prefix = "urn:vpnaas:gateway:";
        if (uri == null || !uri.startsWith(prefix)) return null;
        try {
            return UUID.fromString(uri.substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
