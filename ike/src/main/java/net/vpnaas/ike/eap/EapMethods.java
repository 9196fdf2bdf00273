package net.vpnaas.ike.eap;

import java.util.Set;

/**
 * The EAP methods that may authenticate the responder on their own, without its AUTH payload
 * (RFC 5998 4): methods that authenticate both sides, generate a key and resist dictionary attacks.
 * EAP-MSCHAPv2, EAP-MD5 and EAP-GTC are not among them (a recorded exchange can be attacked offline, and
 * MD5 and GTC do not authenticate the server at all): with those the responder signs with its certificate.
 */
public final class EapMethods {
    /**
     * EAP-TLS (13), EAP-SIM (18), EAP-AKA (23), EAP-PAX (46), EAP-PSK (47), EAP-SAKE (48), EAP-IKEv2 (49),
     * EAP-AKA' (50), EAP-GPSK (51), EAP-pwd (52), EAP-EKE (53): the IANA types of RFC 5998's list
     * and its successors of the same kind.
     */
    private static final Set<Integer> MUTUAL_KEY_GENERATING = Set.of(13, 18, 23, 46, 47, 48, 49, 50, 51, 52, 53);

    private EapMethods() {}

    /** Whether the method of EAP Type {@code type} may stand in for the responder's AUTH (RFC 5998). */
    public static boolean safeForEapOnly(int type) {
        return MUTUAL_KEY_GENERATING.contains(type);
    }
}
