package net.vpnaas.ike.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser for swanctl's {@code --raw} output, which prints each VICI message on one line:
 * {@code list-sa event {name {key=value key=[item item] sub {…}}}}.
 *
 * <p>Values are printed unquoted and may contain spaces (a DN such as {@code C=CH, O=x, CN=y}), so a
 * value runs until the next token that can only start a new element: a lower-case VICI key followed
 * by {@code =} or {@code " {"}, or a closing brace. DN attribute names are upper case, so they do not
 * end a value early.
 */
final class ViciRaw {

    /** A VICI section: values are String, List&lt;String&gt; or Section, in message order. */
    record Section(Map<String, Object> entries) {
        String string(String key) {
            return entries.get(key) instanceof String s ? s : null;
        }

        Section section(String key) {
            return entries.get(key) instanceof Section s ? s : new Section(Map.of());
        }

        @SuppressWarnings("unchecked")
        List<String> list(String key) {
            return entries.get(key) instanceof List<?> l ? (List<String>) l : List.of();
        }
    }

    /** A message line: its type ("list-sa event", "list-sas reply") and body. */
    record Message(String type, Section body) {}

    private static final Pattern NEXT_ELEMENT = Pattern.compile(" (?=[a-z0-9][a-z0-9_.-]*(=| \\{))|(?=})");

    private final String s;
    private int pos;

    private ViciRaw(String s) {
        this.s = s;
    }

    static List<Message> parse(String output) {
        List<Message> messages = new ArrayList<>();
        for (String line : output.lines().toList()) {
            int brace = line.indexOf(" {");
            if (brace < 0) continue; // swanctl's own diagnostics
            ViciRaw p = new ViciRaw(line);
            p.pos = brace + 2;
            messages.add(new Message(line.substring(0, brace), p.section()));
        }
        return messages;
    }

    /** Parses elements until the matching '}' (consumed). */
    private Section section() {
        Map<String, Object> entries = new LinkedHashMap<>();
        while (true) {
            skipSpaces();
            if (pos >= s.length()) throw error("unterminated section");
            if (s.charAt(pos) == '}') {
                pos++;
                return new Section(entries);
            }
            int eq = s.indexOf('=', pos);
            int open = s.indexOf(" {", pos);
            if (open >= 0 && (eq < 0 || open < eq)) {
                String name = s.substring(pos, open);
                pos = open + 2;
                entries.put(name, section());
            } else if (eq >= 0) {
                String key = s.substring(pos, eq);
                pos = eq + 1;
                entries.put(key, pos < s.length() && s.charAt(pos) == '[' ? list() : value());
            } else {
                throw error("expected key=value or section");
            }
        }
    }

    private List<String> list() {
        int close = s.indexOf(']', pos);
        if (close < 0) throw error("unterminated list");
        String inner = s.substring(pos + 1, close).strip();
        pos = close + 1;
        return inner.isEmpty() ? List.of() : List.of(inner.split(" "));
    }

    private String value() {
        Matcher m = NEXT_ELEMENT.matcher(s);
        int end = m.find(pos) ? m.start() : s.length();
        String v = s.substring(pos, end);
        pos = end;
        return v;
    }

    private void skipSpaces() {
        while (pos < s.length() && s.charAt(pos) == ' ') pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at column " + pos + " of: " + s);
    }
}
