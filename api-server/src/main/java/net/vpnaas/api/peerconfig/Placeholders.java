package net.vpnaas.api.peerconfig;

/**
 * What a configuration names but the service cannot know, written the same way in every format:
 * in angle brackets, so that a device refuses the file (or the customer sees it) until each is
 * replaced. The CA file names are real files the customer saves, named once here.
 */
final class Placeholders {
    static final String PSK = "<your pre-shared key>";
    static final String PPK = "<your post-quantum preshared key>";
    static final String OWN_CERTIFICATE = "<your certificate>";
    static final String OUTSIDE_INTERFACE = "<your outside interface>";
    /** A peer named by DNS: the address it resolves to is the device's, or its NAT's. */
    static final String OUTSIDE_ADDRESS = "<your outside address>";
    static final String TRUSTPOINT = "<your trustpoint>";
    /** {@code GET /v1/ike-ca | jq -r .certificatePem}: the CA that issues the tenant's gateway certificates. */
    static final String TENANT_IKE_CA_FILE = "tenant-ike-ca.pem";
    static final String UPLOADED_CA_FILE = "<the CA of your gateway's uploaded certificate>.pem";

    private Placeholders() {}
}
