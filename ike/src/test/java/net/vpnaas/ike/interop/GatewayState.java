package net.vpnaas.ike.interop;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code DEFENCE} line of {@link FloodTunnelMain}'s gateway: its defence state and its memory (MiB:
 * the live heap right after a collection, the resident set) at one moment.
 */
record GatewayState(String level, int difficulty, int halfOpen, long cookies, long puzzles, long liveMiB, long rssMiB, Map<String, Long> drops) {

    private static final Pattern LINE = Pattern.compile(
            "DEFENCE level=(\\w+) difficulty=(\\d+) halfOpen=(\\d+) cookies=(\\d+) puzzles=(\\d+) live=(\\d+) rss=(\\d+) drops=\\{([^}]*)}");
    private static final Pattern DROP = Pattern.compile("(\\w+)=(\\d+)");

    /**
     * Whether {@code line} is a whole state line: the gateway's log lines (stderr) go to the same file and
     * may cut one (rarely, under a flood of them).
     */
    static boolean is(String line) {
        return LINE.matcher(line).find();
    }

    static GatewayState parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) throw new AssertionError("not a DEFENCE line: " + line);
        Map<String, Long> drops = new TreeMap<>();
        Matcher d = DROP.matcher(m.group(8));
        while (d.find()) drops.put(d.group(1), Long.parseLong(d.group(2)));
        return new GatewayState(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Long.parseLong(m.group(4)),
                Long.parseLong(m.group(5)), Long.parseLong(m.group(6)), Long.parseLong(m.group(7)), Map.copyOf(drops));
    }

    /** Datagrams the gateway dropped for {@code reason} (a {@code DropReason} name) since it started. */
    long dropped(String reason) {
        Long n = drops.get(reason);
        if (n == null) throw new AssertionError("no drop reason " + reason + " in " + drops);
        return n;
    }
}
