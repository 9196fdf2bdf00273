package net.vpnaas.model.gateway;

import net.vpnaas.model.PemCertificates;
import net.vpnaas.model.validation.Violations;

/**
 * The certificate chain (end entity first) and private key a gateway authenticates itself with
 * towards certificate peers, both PEM. Only a standalone gateway has one yet.
 */
public record GatewayCertificate(String certificatePem, String privateKeyPem) {

    void validate(Violations v) {
        if (v.required("certificatePem", certificatePem)) {
            PemCertificates.problem(certificatePem).ifPresent(problem -> v.add("certificatePem", problem));
        }
        if (v.required("privateKeyPem", privateKeyPem) && !privateKeyPem.contains("PRIVATE KEY-----")) {
            v.add("privateKeyPem", "not a PEM private key");
        }
    }

    @Override
    public String toString() {
        return "GatewayCertificate[(private key hidden)]";
    }
}
