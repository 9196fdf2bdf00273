package net.vpnaas.api.peer;

import java.util.List;
import java.util.UUID;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.idempotency.Idempotency;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.web.ListFilter;
import net.vpnaas.api.web.Page;
import net.vpnaas.api.web.PageRequest;
import net.vpnaas.api.web.Responses;
import net.vpnaas.model.PeerSpec;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
class PeerController {
    static final String PATH = "/v1/peers";
    private final PeerService service;
    private final Idempotency idempotency;

    PeerController(PeerService service, Idempotency idempotency) {
        this.service = service;
        this.idempotency = idempotency;
    }

    @PostMapping(PATH)
    ResponseEntity<?> create(Caller caller, @RequestHeader(name = Idempotency.HEADER, required = false) String key,
                             @RequestBody PeerSpec spec) {
        return idempotency.execute(caller, key, PATH, spec, () -> Responses.created(PATH, service.create(caller, spec)));
    }

    @GetMapping(PATH)
    Page<PeerView> list(Caller caller, @RequestParam(required = false) Integer limit,
                           @RequestParam(required = false) String cursor, @RequestParam(required = false) String name,
                           @RequestParam(required = false) List<String> label) {
        return service.list(caller, PageRequest.of(limit, cursor, ResourceType.PEER), ListFilter.of(name, label));
    }

    @GetMapping(PATH + "/{id}")
    ResponseEntity<PeerView> get(Caller caller, @PathVariable UUID id) {
        return Responses.ok(service.get(caller, id));
    }

    @PutMapping(PATH + "/{id}")
    ResponseEntity<PeerView> replace(Caller caller, @PathVariable UUID id,
                                        @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                        @RequestBody PeerSpec spec) {
        return Responses.ok(service.replace(caller, id, ifMatch, spec));
    }

    @PatchMapping(PATH + "/{id}")
    ResponseEntity<PeerView> patch(Caller caller, @PathVariable UUID id,
                                      @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                      @RequestBody JsonNode patch) {
        return Responses.ok(service.patch(caller, id, ifMatch, patch));
    }

    @DeleteMapping(PATH + "/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id,
                                @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        service.delete(caller, id, ifMatch);
        return Responses.noContent();
    }
}
