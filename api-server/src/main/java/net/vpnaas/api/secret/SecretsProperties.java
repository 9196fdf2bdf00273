package net.vpnaas.api.secret;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code vpnaas.secrets.master-key}: base64 of the 32-byte AES key that encrypts secrets at rest. */
@ConfigurationProperties("vpnaas.secrets")
public record SecretsProperties(String masterKey) {}
