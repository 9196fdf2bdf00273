package net.vpnaas.api.user;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The root tenant's first person, so someone can sign in to the portal of a fresh installation:
 * with {@code password-file} set and that file missing, an admin user {@code email} is created with
 * a generated password written to the file (mode 0600), as the admin API key is. Without it, no user.
 */
@ConfigurationProperties("vpnaas.bootstrap.admin-user")
public record AdminUserProperties(@DefaultValue("admin@localhost") String email, String passwordFile) {}
