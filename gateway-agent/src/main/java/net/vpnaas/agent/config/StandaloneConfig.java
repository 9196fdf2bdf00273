package net.vpnaas.agent.config;

import java.util.List;
import net.vpnaas.agent.qkd.KmeSettings;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.RemoteAccessEndpointSpec;
import net.vpnaas.model.gateway.GatewayConfiguration;

/**
 * What a standalone config file holds: a gateway's configuration, validated (the same
 * tenant-model type and rules as a pushed snapshot and the REST API), and the settings of this
 * machine's data path and its QKD key management entity ({@code qkd}, null without), which only
 * the agent has. {@code remoteAccessEndpoints}: EAP clients with virtual IPs (validated by tenant-model's
 * rules), as a pushed snapshot has them.
 */
public record StandaloneConfig(GatewayConfiguration configuration, DataPathConfig dataPath, KmeSettings qkd,
                               List<RemoteAccessEndpointSpec> remoteAccessEndpoints) {
    public StandaloneConfig {
        remoteAccessEndpoints = List.copyOf(remoteAccessEndpoints);
    }

    /** The crypto policy an endpoint names (the loader made sure the file has it). */
    public CryptoPolicySpec policyOf(RemoteAccessEndpointSpec endpoint) {
        return endpoint.policyIn(configuration);
    }
}
