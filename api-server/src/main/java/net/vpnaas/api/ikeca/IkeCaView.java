package net.vpnaas.api.ikeca;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant's IKE CA as the API shows it: the certificate its peers trust to authenticate the
 * tenant's gateways whose certificates it issued (source tenant-ca).
 */
public record IkeCaView(UUID tenantId, String certificatePem, String subject, String serialNumber, Instant notBefore,
                        Instant notAfter, String sha256Fingerprint) {}
