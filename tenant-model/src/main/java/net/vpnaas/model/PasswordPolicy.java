package net.vpnaas.model;

import java.util.List;
import net.vpnaas.model.validation.Violation;
import net.vpnaas.model.validation.Violations;

/**
 * What a person's password must be (NIST SP 800-63B, 5.1.1.2): long rather than composed of
 * character classes, any characters allowed (spaces too, so a pass phrase works), and not the
 * account's own email address. The upper bound only keeps hashing requests small.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;

    private PasswordPolicy() {}

    /** Violations naming {@code field}; {@code email} may be null when unknown. */
    public static List<Violation> check(String field, String password, String email) {
        Violations v = new Violations();
        if (!v.required(field, password)) {
            return v.toList();
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            v.add(field, "must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long");
        } else if (password.codePoints().distinct().count() < 4) {
            v.add(field, "must not repeat just a few characters");
        } else if (email != null && password.strip().equalsIgnoreCase(email)) {
            v.add(field, "must not be the account's email address");
        }
        return v.toList();
    }
}
