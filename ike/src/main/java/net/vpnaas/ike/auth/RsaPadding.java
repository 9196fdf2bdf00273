package net.vpnaas.ike.auth;

/** Which RSA signature padding to use with AUTH method 14; a per-tunnel choice (RSASSA-PSS is the modern one). */
public enum RsaPadding {
    PKCS1_V1_5,
    PSS
}
