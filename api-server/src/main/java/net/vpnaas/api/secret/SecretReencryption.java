package net.vpnaas.api.secret;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rewrites every ciphertext of a column that is not in the current format under the current master
 * key, and leaves the others alone, so running it again does nothing more. Safe while replicas
 * serve: each row is one compare-and-set UPDATE (a transaction of its own) that applies only while
 * the row still holds the ciphertext that was decrypted; a row a replica changed meanwhile is read
 * again and, unless the replica already wrote it under the current key, re-encrypted again. The row's
 * version is left alone: the secret did not change, so neither does the resource's ETag (peers, the
 * one kind JPA updates, have only the columns that changed written: see PeerEntity).
 */
public final class SecretReencryption {
    /** Rows read per query: bounds memory, however many rows a table holds. */
    private static final int PAGE = 500;
    /** Compare-and-set attempts for one row that keeps changing under us. */
    private static final int ATTEMPTS = 5;

    /** What happened to a column's rows; {@code failures} name each row left as it was, and why. */
    public record Tally(String kind, int reencrypted, int alreadyCurrent, List<String> failures) {}

    private final JdbcTemplate jdbc;
    private final SecretCipher cipher;

    public SecretReencryption(JdbcTemplate jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    public Tally reencrypt(EncryptedColumn column) {
        String keys = String.join(", ", column.keyColumns());
        String byKey = String.join(" and ", column.keyColumns().stream().map(k -> k + " = ?").toList());
        String select = "select " + keys + ", " + column.column() + " from " + column.table()
                + " where " + column.column() + " is not null";
        String order = " order by " + keys + " limit " + PAGE;
        String first = select + order;
        String next = select + " and (" + keys + ") > ("
                + String.join(", ", Collections.nCopies(column.keyColumns().size(), "?")) + ")" + order;
        String reread = "select " + column.column() + " from " + column.table() + " where " + byKey;
        String compareAndSet = "update " + column.table() + " set " + column.column() + " = ? where " + byKey
                + " and " + column.column() + " = ?";

        int reencrypted = 0, alreadyCurrent = 0;
        List<String> failures = new ArrayList<>();
        List<Row> page = jdbc.query(first, (rs, i) -> Row.of(rs, column));
        while (!page.isEmpty()) {
            for (Row row : page) {
                switch (reencrypt(column, row, reread, compareAndSet)) {
                    case Outcome.Reencrypted r -> reencrypted++;
                    case Outcome.AlreadyCurrent a -> alreadyCurrent++;
                    case Outcome.Failed(String why) -> failures.add(column.table() + " " + row.describe(column) + ": " + why);
                }
            }
            page = jdbc.query(next, (rs, i) -> Row.of(rs, column), page.getLast().key().toArray());
        }
        return new Tally(column.kind(), reencrypted, alreadyCurrent, failures);
    }

    private Outcome reencrypt(EncryptedColumn column, Row row, String reread, String compareAndSet) {
        byte[] stored = row.ciphertext();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (stored == null || cipher.isUnderCurrentKey(stored)) {
                // current already, or (after a lost compare-and-set) deleted or rewritten by a replica
                return new Outcome.AlreadyCurrent();
            }
            byte[] fresh;
            try {
                fresh = cipher.reencrypt(stored, column.associatedData().apply(row.key()));
            } catch (UndecryptableSecretException e) {
                return new Outcome.Failed(e.getMessage());
            }
            List<Object> args = new ArrayList<>(List.of(fresh));
            args.addAll(row.key());
            args.add(stored);
            if (jdbc.update(compareAndSet, args.toArray()) == 1) {
                return new Outcome.Reencrypted();
            }
            stored = jdbc.query(reread, (rs, i) -> rs.getBytes(1), row.key().toArray()).stream().findFirst().orElse(null);
        }
        return new Outcome.Failed("changed " + ATTEMPTS + " times while being re-encrypted; run again");
    }

    private record Row(List<Object> key, byte[] ciphertext) {
        static Row of(ResultSet rs, EncryptedColumn column) throws SQLException {
            List<Object> key = new ArrayList<>();
            for (int i = 1; i <= column.keyColumns().size(); i++) {
                key.add(rs.getObject(i));
            }
            return new Row(List.copyOf(key), rs.getBytes(column.keyColumns().size() + 1));
        }

        /** E.g. {@code tenant_id=0190..., idempotency_key=k-1}. */
        String describe(EncryptedColumn column) {
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < key.size(); i++) {
                pairs.add(column.keyColumns().get(i) + "=" + key.get(i));
            }
            return String.join(", ", pairs);
        }
    }

    private sealed interface Outcome {
        record Reencrypted() implements Outcome {}
        record AlreadyCurrent() implements Outcome {}
        record Failed(String why) implements Outcome {}
    }
}
