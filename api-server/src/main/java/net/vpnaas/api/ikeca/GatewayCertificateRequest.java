package net.vpnaas.api.ikeca;

import java.util.List;
import net.vpnaas.model.validation.Violation;
import net.vpnaas.model.validation.Violations;

/**
 * The body of {@code PUT /v1/gateways/{id}/certificate}: {@code source} tenant-ca (the tenant's IKE CA
 * issues the certificate and renews it) or uploaded (with the chain and its private key).
 */
public record GatewayCertificateRequest(String source, String certificateChainPem, String privateKeyPem) {
    static final String TENANT_CA = "tenant-ca";
    static final String UPLOADED = "uploaded";

    /** What is wrong with the request's shape; the uploaded certificate itself is checked by {@link UploadedCertificate}. */
    List<Violation> validate() {
        Violations v = new Violations();
        if (v.required("source", source)) {
            switch (source) {
                case TENANT_CA -> {
                    if (certificateChainPem != null) v.add(UploadedCertificate.CHAIN, "must be absent with source tenant-ca: the CA issues it");
                    if (privateKeyPem != null) v.add(UploadedCertificate.KEY, "must be absent with source tenant-ca: the key is made with the certificate");
                }
                case UPLOADED -> {
                    v.required(UploadedCertificate.CHAIN, certificateChainPem);
                    v.required(UploadedCertificate.KEY, privateKeyPem);
                }
                default -> v.add("source", "must be " + TENANT_CA + " or " + UPLOADED);
            }
        }
        return v.toList();
    }

    @Override
    public String toString() {
        return "GatewayCertificateRequest[source=" + source + (privateKeyPem == null ? "" : ", privateKeyPem=(secret)") + "]";
    }
}
