package net.vpnaas.api.secret;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The master keys that encrypt secrets at rest, each base64 of 32 bytes, given inline or as a file
 * holding that text: {@code vpnaas.secrets.master-key} (or {@code master-key-file}) encrypts and
 * decrypts; {@code previous-master-keys} (or {@code previous-master-key-files}) only decrypt, while
 * a rotation is under way. {@code throwaway=true} lets an instance without a master key start with
 * a random one (its secrets are lost with it): tests and benchmarks on temporary databases.
 */
@ConfigurationProperties("vpnaas.secrets")
public record SecretsProperties(String masterKey, String masterKeyFile, List<String> previousMasterKeys,
                                List<String> previousMasterKeyFiles, boolean throwaway) {
    public SecretsProperties {
        previousMasterKeys = previousMasterKeys == null ? List.of() : List.copyOf(previousMasterKeys);
        previousMasterKeyFiles = previousMasterKeyFiles == null ? List.of() : List.copyOf(previousMasterKeyFiles);
    }
}
