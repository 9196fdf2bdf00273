package net.vpnaas.model;

import java.util.regex.Pattern;
import net.vpnaas.model.validation.Violations;

/**
 * How a peer's tunnels get QKD keys (ETSI GS QKD 014): the peer's secure application entity ID at
 * its key management entity (KME), which the gateway names when it asks its own KME for keys shared
 * with the peer ({@code enc_keys} as initiator, {@code dec_keys} by key ID as responder), and what
 * happens when the KME has no key: {@code fail} (the tunnel is refused, the reason names the KME) or
 * {@code mlkem768} (ML-KEM-768 takes QKD's place in that key exchange, and the status says QKD fell
 * back). It belongs to the peer rather than the crypto policy because it describes the QKD link to
 * that site, while a policy is shared by peers with and without one; the KME's address and the
 * gateway's client certificate for it are the gateway agent's own settings, never in the API.
 */
public record PeerQkd(String saeId, String fallback) {
    public static final String FAIL = "fail";
    public static final String ML_KEM_768 = "mlkem768";
    /** ETSI GS QKD 014 puts the SAE ID in the URL path: letters, digits and a few marks only. */
    private static final Pattern SAE_ID = Pattern.compile("[A-Za-z0-9._~:-]{1,64}");

    public PeerQkd withDefaults() {
        return new PeerQkd(saeId, fallback == null ? FAIL : fallback);
    }

    /** Whether ML-KEM-768 takes QKD's place when the KME has no key. */
    public boolean fallsBackToMlKem() {
        return ML_KEM_768.equals(fallback);
    }

    /** Problems under {@code path} (e.g. {@code qkd}), for a value after {@link #withDefaults()} or before. */
    public void validate(Violations v, String path) {
        if (v.required(path + ".saeId", saeId) && !SAE_ID.matcher(saeId).matches()) {
            v.add(path + ".saeId", "must be 1 to 64 of A-Z a-z 0-9 . _ ~ : -");
        }
        if (fallback != null && !fallback.equals(FAIL) && !fallback.equals(ML_KEM_768)) {
            v.add(path + ".fallback", "must be \"fail\" or \"mlkem768\"");
        }
    }
}
