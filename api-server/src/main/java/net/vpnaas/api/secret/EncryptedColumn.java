package net.vpnaas.api.secret;

import java.util.List;
import java.util.function.Function;

/**
 * A column that holds {@link SecretCipher} ciphertexts, for re-encryption under a new master key:
 * the rows' key columns, and how the associated data the ciphertext is bound to follows from
 * their values (in the order of {@code keyColumns}, as JDBC returns them).
 */
public record EncryptedColumn(String kind, String table, List<String> keyColumns, String column,
                              Function<List<Object>, byte[]> associatedData) {
    public EncryptedColumn {
        keyColumns = List.copyOf(keyColumns);
    }
}
