package net.vpnaas.api.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code vpnaas.bootstrap.admin-key}: an admin API key of the root tenant to create on start, in
 * the {@code vpk_<id>_<secret>} format. When empty and the database has no root tenant yet, a key
 * is generated and printed once to the log.
 */
@ConfigurationProperties("vpnaas.bootstrap")
public record BootstrapProperties(String adminKey) {}
