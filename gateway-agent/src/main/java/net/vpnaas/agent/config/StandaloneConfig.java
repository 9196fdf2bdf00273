package net.vpnaas.agent.config;

import net.vpnaas.agent.qkd.KmeSettings;
import net.vpnaas.model.gateway.GatewayConfiguration;

/**
 * What a standalone config file holds: a gateway's configuration, validated (the same
 * tenant-model type and rules as a pushed snapshot and the REST API), and the settings of this
 * machine's data path and its QKD key management entity ({@code qkd}, null without), which only
 * the agent has.
 */
public record StandaloneConfig(GatewayConfiguration configuration, DataPathConfig dataPath, KmeSettings qkd) {}
