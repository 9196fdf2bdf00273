package net.vpnaas.model;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import net.vpnaas.model.validation.Violation;
import net.vpnaas.model.validation.Violations;

/**
 * A person invited to a tenant: an email address (unique across the service, since signing in names
 * no tenant) and a role, the same roles API keys have. The password is the person's own, set when
 * the invitation is accepted.
 */
public record UserSpec(String email, String role) {
    /** Deliberately loose (one {@code @}, a dot in the domain, no spaces): the invitation proves the address. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)*");
    private static final int MAX_EMAIL = 254;

    /** The form stored and looked up: addresses differ only in case for no one. */
    public static String normalizeEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    public UserSpec normalized() {
        return new UserSpec(normalizeEmail(email), role);
    }

    public List<Violation> validate() {
        Violations v = new Violations();
        if (v.required("email", email) && (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches())) {
            v.add("email", "must be an email address (name@domain), at most " + MAX_EMAIL + " characters");
        }
        validateRole(v, role);
        return v.toList();
    }

    public static void validateRole(Violations v, String role) {
        if (v.required("role", role) && Role.fromWireName(role).isEmpty()) {
            v.add("role", "must be one of admin, operator, viewer");
        }
    }
}
