package net.vpnaas.api;

/** A self-signed test CA (P-256, no private key kept) for certificate-authenticated peers. */
public final class TestCertificates {
    public static final String CA_PEM = """
            -----BEGIN CERTIFICATE-----
            MIIBgjCCASegAwIBAgIUc339wM/WTjfla979Ly34NY0xCW4wCgYIKoZIzj0EAwIw
            FjEUMBIGA1UEAwwLVGVzdCBWUE4gQ0EwHhcNMjYxMTIzMTMxMjUxWhcNMzYxMTIw
            MTMxMjUxWjAWMRQwEgYDVQQDDAtUZXN0IFZQTiBDQTBZMBMGByqGSM49AgEGCCqG
            SM49AwEHA0IABLGIGVHQ+m+Q5lHB/j/tru3al4sVYqJZGJsLF7JUDMq3hvBBlx7M
            e6A5gCUOzfVYolG+cBO+mTGS5iw/TBUIJQ2jUzBRMB0GA1UdDgQWBBTlF756jGBN
            AUxPeU0ZLsfX/nN+eDAfBgNVHSMEGDAWgBTlF756jGBNAUxPeU0ZLsfX/nN+eDAP
            BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQCKguyy6x34H6fSI8rx
            W5072iw7aVRzanl/kaOlyViPvQIhANXdTSp2KZxxHZLSk+qeWD2gOx2THPkH9mYY
            M+prbCrY
            -----END CERTIFICATE-----
            """;

    private TestCertificates() {}
}
