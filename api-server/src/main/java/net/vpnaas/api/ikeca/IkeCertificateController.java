package net.vpnaas.api.ikeca;

import java.net.URI;
import java.util.UUID;
import net.vpnaas.api.auth.Access;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.web.ETags;
import net.vpnaas.api.web.Responses;
import net.vpnaas.model.Role;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's IKE CA (its certificate, for the tenant's peers to trust) and each gateway's IKE
 * certificate, which operators set like the gateway itself. Another tenant's gateway is a 404.
 */
@RestController
@Access(changes = Role.OPERATOR)
class IkeCertificateController {
    private final GatewayCertificates certificates;

    IkeCertificateController(GatewayCertificates certificates) {
        this.certificates = certificates;
    }

    @GetMapping("/v1/ike-ca")
    IkeCaView ikeCa(Caller caller) {
        return certificates.ikeCa(caller);
    }

    @GetMapping("/v1/gateways/{id}/certificate")
    ResponseEntity<GatewayCertificateView> get(Caller caller, @PathVariable UUID id) {
        return ok(certificates.get(caller, id));
    }

    @PutMapping("/v1/gateways/{id}/certificate")
    ResponseEntity<GatewayCertificateView> put(Caller caller, @PathVariable UUID id,
                                               @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                               @RequestBody GatewayCertificateRequest request) {
        GatewayCertificates.Put put = certificates.put(caller, id, ifMatch, request);
        if (!put.created()) return ok(put.view());
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/v1/gateways/" + id + "/certificate"))
                .eTag(ETags.of(put.view().version())).body(put.view());
    }

    @DeleteMapping("/v1/gateways/{id}/certificate")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id,
                                @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        certificates.delete(caller, id, ifMatch);
        return Responses.noContent();
    }

    private static ResponseEntity<GatewayCertificateView> ok(GatewayCertificateView view) {
        return ResponseEntity.ok().eTag(ETags.of(view.version())).body(view);
    }
}
