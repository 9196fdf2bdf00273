package net.vpnaas.model.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects violations while a validator walks a specification; the common checks live here. */
public final class Violations {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}");
    private static final Pattern LABEL_KEY = Pattern.compile("[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?");
    private static final int MAX_LABELS = 32;
    private static final int MAX_LABEL_VALUE = 128;

    private final List<Violation> list = new ArrayList<>();

    public void add(String field, String detail) {
        list.add(new Violation(field, detail));
    }

    public void addAll(List<Violation> more) {
        list.addAll(more);
    }

    /** The violations of a part, their fields placed under {@code prefix} ({@code peers[1]} + {@code address}). */
    public void addAll(String prefix, List<Violation> more) {
        more.forEach(m -> add(prefix + "." + m.field(), m.detail()));
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<Violation> toList() {
        return List.copyOf(list);
    }

    /** True when present; otherwise records "is required". */
    public boolean required(String field, Object value) {
        if (value == null) {
            add(field, "is required");
            return false;
        }
        return true;
    }

    /** Resource names: 1-63 characters, letters, digits, space, dot, underscore, dash. */
    public void name(String field, String value) {
        if (required(field, value) && !NAME.matcher(value).matches()) {
            add(field, "must be 1-63 characters of letters, digits, space, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** Labels are optional; keys are lower-case DNS-like words, values short printable strings. */
    public void labels(String field, java.util.Map<String, String> labels) {
        if (labels == null) {
            return;
        }
        if (labels.size() > MAX_LABELS) {
            add(field, "at most " + MAX_LABELS + " labels");
        }
        labels.forEach((k, v) -> {
            if (k == null || !LABEL_KEY.matcher(k).matches()) {
                add(field + "." + k, "label key must be 1-63 characters of a-z, 0-9, '.', '_', '/', '-'");
            } else if (v == null || v.length() > MAX_LABEL_VALUE || v.chars().anyMatch(Character::isISOControl)) {
                add(field + "." + k, "label value must be a string of at most " + MAX_LABEL_VALUE + " printable characters");
            }
        });
    }

    public void range(String field, Integer value, int min, int max) {
        if (required(field, value) && (value < min || value > max)) {
            add(field, "must be between " + min + " and " + max);
        }
    }

    public void text(String field, String value, int maxLength) {
        if (required(field, value)) {
            if (value.isBlank()) {
                add(field, "must not be blank");
            } else if (value.length() > maxLength) {
                add(field, "must be at most " + maxLength + " characters");
            }
        }
    }
}
