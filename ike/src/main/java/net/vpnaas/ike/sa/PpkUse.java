package net.vpnaas.ike.sa;

/** How IKE_SA_INIT settled the use of a post-quantum preshared key for an IKE SA. */
public enum PpkUse {
    /** No PPK: one side sent neither USE_PPK nor USE_PPK_INT, or has no PPK. */
    NONE,
    /** RFC 8784: both sent USE_PPK; IKE_AUTH mixes the PPK into SK_d, SK_pi and SK_pr. */
    IKE_AUTH,
    /** RFC 9867: both sent USE_PPK_INT; the last IKE_INTERMEDIATE agrees on a PPK and mixes it into all keys. */
    IKE_INTERMEDIATE
}
