package net.vpnaas.ike.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our engine's IKE SAs as {@link ReportingEngineMain} prints them on a {@code STATUS} line. Algorithm
 * names are our enum names ({@code AES_GCM_16}, {@code HMAC_SHA2_384}, {@code CURVE25519}); integrity
 * and PFS group are {@code NONE} when absent.
 */
record EngineStatus(List<Ike> ikeSas) {

    record Ike(long initiatorSpi, long responderSpi, String state, boolean initiator,
               String encr, int keyBits, String integ, String prf, String keyExchange, List<Child> children) {
        boolean established() {
            return state.equals("ESTABLISHED");
        }
    }

    /** {@code spiIn} is the SPI we chose (strongSwan's spi-out), {@code spiOut} the peer's. */
    record Child(long spiIn, long spiOut, String encr, int keyBits, String integ, String pfsGroup, String state) {
        boolean installed() {
            return state.equals("INSTALLED");
        }
    }

    private static final Pattern IKE = Pattern.compile(
            "([0-9a-f]{16}) ([0-9a-f]{16}) (\\w+) ([IR]) (\\w+) (\\d+) (\\w+) (\\w+) ([\\w+]+) \\{([^}]*)}");

    /** The last STATUS line in an engine log, or no SAs if there is none yet. */
    static EngineStatus lastIn(String log) {
        String line = log.lines().filter(l -> l.startsWith("STATUS [")).reduce((a, b) -> b).orElse("STATUS []");
        return parse(line.substring("STATUS ".length()));
    }

    static EngineStatus parse(String bracketed) {
        List<Ike> out = new ArrayList<>();
        Matcher m = IKE.matcher(bracketed);
        while (m.find()) {
            List<Child> children = new ArrayList<>();
            for (String c : m.group(10).split(",")) {
                if (c.isBlank()) continue;
                String[] f = c.split("/");
                children.add(new Child(Long.parseLong(f[0], 16), Long.parseLong(f[1], 16), f[2], Integer.parseInt(f[3]),
                        f[4], f[5], f[6]));
            }
            out.add(new Ike(Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16), m.group(3),
                    m.group(4).equals("I"), m.group(5), Integer.parseInt(m.group(6)), m.group(7), m.group(8), m.group(9),
                    children));
        }
        return new EngineStatus(out);
    }

    List<Ike> established() {
        return ikeSas.stream().filter(Ike::established).toList();
    }
}
