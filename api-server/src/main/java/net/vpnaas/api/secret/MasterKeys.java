package net.vpnaas.api.secret;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The configured master keys (see {@link SecretsProperties}): the current one, which encrypts, and
 * the previous ones, which only decrypt. Without a current key the server does not start: a
 * random one would make every secret stored now unreadable after a restart and to other replicas.
 */
@Component
public class MasterKeys {
    private static final Logger log = LoggerFactory.getLogger(MasterKeys.class);

    private final MasterKey current;
    /** By key id in hex. */
    private final Map<String, MasterKey> byId;
    /** The current key first: the order in which format-1 ciphertexts (no key id) are tried. */
    private final List<MasterKey> all;

    public MasterKeys(SecretsProperties properties) {
        this.current = current(properties);
        List<MasterKey> keys = new ArrayList<>(List.of(current));
        for (int i = 0; i < properties.previousMasterKeys().size(); i++) {
            keys.add(parse("vpnaas.secrets.previous-master-keys[" + i + "]", properties.previousMasterKeys().get(i)));
        }
        for (int i = 0; i < properties.previousMasterKeyFiles().size(); i++) {
            keys.add(read("vpnaas.secrets.previous-master-key-files[" + i + "]", properties.previousMasterKeyFiles().get(i)));
        }
        // The current key listed among the previous ones too (one list for every replica) is harmless.
        Map<String, MasterKey> distinct = new LinkedHashMap<>();
        keys.forEach(key -> distinct.putIfAbsent(key.idHex(), key));
        this.byId = Map.copyOf(distinct);
        this.all = List.copyOf(distinct.values());
        log.info("secrets are encrypted under master key {}{}", current.idHex(), all.size() == 1 ? ""
                : "; also decrypted under " + all.stream().skip(1).map(MasterKey::idHex).toList());
    }

    private static MasterKey current(SecretsProperties properties) {
        boolean inline = present(properties.masterKey());
        boolean file = present(properties.masterKeyFile());
        if (inline && file) {
            throw new MasterKeyConfigurationException(
                    "vpnaas.secrets.master-key and vpnaas.secrets.master-key-file are both set: set one");
        }
        if (inline) {
            return parse("vpnaas.secrets.master-key", properties.masterKey());
        }
        if (file) {
            return read("vpnaas.secrets.master-key-file", properties.masterKeyFile());
        }
        if (!properties.throwaway()) {
            throw new MasterKeyConfigurationException("vpnaas.secrets.master-key is not set: secrets at rest (PSKs, "
                    + "the agent CA key) need a master key that every replica shares and that outlives restarts");
        }
        log.warn("vpnaas.secrets.throwaway=true and no vpnaas.secrets.master-key: secrets are encrypted under a random "
                + "key for this run only; neither a restart nor another replica can read them");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return new MasterKey(random);
    }

    private static MasterKey read(String property, String path) {
        try {
            return parse(property + " (" + path + ")", Files.readString(Path.of(path)));
        } catch (IOException e) {
            throw new MasterKeyConfigurationException(property + ": cannot read " + path + " (" + e + ")");
        }
    }

    private static MasterKey parse(String property, String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new MasterKeyConfigurationException(property + " is not base64");
        }
        if (key.length != 32) {
            throw new MasterKeyConfigurationException(property + " must decode to 32 bytes, not " + key.length);
        }
        return new MasterKey(key);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** The key new secrets are encrypted under. */
    public MasterKey current() {
        return current;
    }

    /** Every key that decrypts, the current one first. */
    public List<MasterKey> all() {
        return all;
    }

    Optional<MasterKey> withId(String idHex) {
        return Optional.ofNullable(byId.get(idHex));
    }
}
