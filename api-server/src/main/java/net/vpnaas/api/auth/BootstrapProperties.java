package net.vpnaas.api.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The root tenant's admin API key ({@code vpk_<id>_<secret>}) to install on start, given one of two
 * ways, never on a command line (every local account can read those):
 * {@code vpnaas.bootstrap.admin-key} (e.g. the environment variable {@code VPNAAS_BOOTSTRAP_ADMIN_KEY})
 * or {@code vpnaas.bootstrap.admin-key-file}, a file holding it; a file that does not exist yet is
 * created (mode 0600) with a generated key. With neither, the root tenant gets no key.
 */
@ConfigurationProperties("vpnaas.bootstrap")
public record BootstrapProperties(String adminKey, String adminKeyFile) {}
