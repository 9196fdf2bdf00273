package net.vpnaas.ike.interop;

import java.util.ArrayList;
import java.util.List;

/**
 * One IKE SA as strongSwan lists it. SPIs are as chosen by initiator and responder; algorithms use
 * strongSwan's names (AES_GCM_16, PRF_HMAC_SHA2_384, CURVE_25519); integAlg is null for AEAD.
 * {@code additionalKeyExchanges}: strongSwan 6's {@code ake1} to {@code ake7} (RFC 9370), e.g. ML_KEM_768.
 */
public record IkeSaStatus(String name, long uniqueId, String state, boolean initiator,
                          long initiatorSpi, long responderSpi,
                          String localHost, String remoteHost, String localId, String remoteId,
                          String encrAlg, int encrKeysize, String integAlg, String prfAlg, String dhGroup,
                          List<ChildSaStatus> children, List<String> additionalKeyExchanges) {

    public IkeSaStatus {
        children = List.copyOf(children);
        additionalKeyExchanges = List.copyOf(additionalKeyExchanges);
    }

    public boolean established() {
        return "ESTABLISHED".equals(state);
    }

    /** The first Child SA with this configuration name that is INSTALLED, or null. */
    public ChildSaStatus installedChild(String childName) {
        return children.stream().filter(c -> c.name().equals(childName) && c.installed()).findFirst().orElse(null);
    }

    /** Parses the output of {@code swanctl --list-sas --raw}. */
    public static List<IkeSaStatus> parseListSas(String rawOutput) {
        List<IkeSaStatus> result = new ArrayList<>();
        for (ViciRaw.Message m : ViciRaw.parse(rawOutput)) {
            if (!m.type().equals("list-sa event")) continue;
            m.body().entries().forEach((name, v) -> {
                if (v instanceof ViciRaw.Section sa) result.add(from(name, sa));
            });
        }
        return result;
    }

    private static IkeSaStatus from(String name, ViciRaw.Section sa) {
        List<ChildSaStatus> children = new ArrayList<>();
        sa.section("child-sas").entries().values().forEach(v -> {
            if (v instanceof ViciRaw.Section c) children.add(ChildSaStatus.from(c));
        });
        return new IkeSaStatus(name, num(sa.string("uniqueid")), sa.string("state"), "yes".equals(sa.string("initiator")),
                hex(sa.string("initiator-spi")), hex(sa.string("responder-spi")),
                sa.string("local-host"), sa.string("remote-host"), sa.string("local-id"), sa.string("remote-id"),
                sa.string("encr-alg"), (int) num(sa.string("encr-keysize")), sa.string("integ-alg"),
                sa.string("prf-alg"), sa.string("dh-group"), children, additionalKeyExchanges(sa));
    }

    /** strongSwan 6 lists the RFC 9370 additional key exchanges of an SA as {@code ake1} to {@code ake7}. */
    static List<String> additionalKeyExchanges(ViciRaw.Section sa) {
        List<String> out = new ArrayList<>();
        for (int n = 1; n <= 7; n++) {
            String method = sa.string("ake" + n);
            if (method != null) out.add(method);
        }
        return out;
    }

    static long num(String s) {
        return s == null ? 0 : Long.parseLong(s);
    }

    static long hex(String s) {
        return s == null ? 0 : Long.parseUnsignedLong(s, 16);
    }
}
