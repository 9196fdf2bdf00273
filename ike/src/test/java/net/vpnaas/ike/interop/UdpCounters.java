package net.vpnaas.ike.interop;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A namespace's kernel UDP counters (IPv4: /proc/net/snmp, IPv6: /proc/net/snmp6): datagrams
 * delivered to and sent from its UDP sockets. ESP in UDP counts here, ESP as IP protocol 50 does not,
 * so they tell how a tunnel's packets travelled.
 */
public record UdpCounters(long inDatagrams, long outDatagrams) {

    public static UdpCounters of(NetNs ns, IpFamily family) {
        if (family == IpFamily.V4) {
            String[] lines = ns.exec("cat", "/proc/net/snmp").stdout().lines().filter(l -> l.startsWith("Udp:")).toArray(String[]::new);
            String[] names = lines[0].split("\\s+");
            String[] values = lines[1].split("\\s+");
            return new UdpCounters(Long.parseLong(values[indexOf(names, "InDatagrams")]),
                    Long.parseLong(values[indexOf(names, "OutDatagrams")]));
        }
        String snmp6 = ns.exec("cat", "/proc/net/snmp6").stdout();
        return new UdpCounters(counter(snmp6, "Udp6InDatagrams"), counter(snmp6, "Udp6OutDatagrams"));
    }

    /** What happened since {@code before}. */
    public UdpCounters minus(UdpCounters before) {
        return new UdpCounters(inDatagrams - before.inDatagrams, outDatagrams - before.outDatagrams);
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return i;
        throw new IllegalStateException("no Udp " + name + " in /proc/net/snmp");
    }

    private static long counter(String snmp6, String name) {
        Matcher m = Pattern.compile(name + "\\s+(\\d+)").matcher(snmp6);
        if (!m.find()) throw new IllegalStateException("no " + name + " in /proc/net/snmp6");
        return Long.parseLong(m.group(1));
    }
}
