package net.vpnaas.api.apikey;

import java.util.List;
import java.util.UUID;
import net.vpnaas.api.auth.Access;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.idempotency.Idempotency;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.web.ListFilter;
import net.vpnaas.api.web.Page;
import net.vpnaas.api.web.PageRequest;
import net.vpnaas.api.web.Responses;
import net.vpnaas.model.ApiKeySpec;
import net.vpnaas.model.Role;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** API keys are created (secret shown once), listed, read and revoked (DELETE); never edited. */
@RestController
@Access(changes = Role.ADMIN)
class ApiKeyController {
    static final String PATH = "/v1/api-keys";
    private final ApiKeyService service;
    private final Idempotency idempotency;

    ApiKeyController(ApiKeyService service, Idempotency idempotency) {
        this.service = service;
        this.idempotency = idempotency;
    }

    @PostMapping(PATH)
    ResponseEntity<?> create(Caller caller, @RequestHeader(name = Idempotency.HEADER, required = false) String key,
                             @RequestBody ApiKeySpec spec) {
        return idempotency.execute(caller, key, PATH, spec, () -> Responses.created(PATH, service.create(caller, spec)));
    }

    @GetMapping(PATH)
    Page<ApiKeyView> list(Caller caller, @RequestParam(required = false) Integer limit,
                          @RequestParam(required = false) String cursor, @RequestParam(required = false) String name,
                          @RequestParam(required = false) List<String> label) {
        return service.list(caller, PageRequest.of(limit, cursor, ResourceType.API_KEY), ListFilter.of(name, label));
    }

    @GetMapping(PATH + "/{id}")
    ResponseEntity<ApiKeyView> get(Caller caller, @PathVariable UUID id) {
        return Responses.ok(service.get(caller, id));
    }

    @DeleteMapping(PATH + "/{id}")
    ResponseEntity<Void> revoke(Caller caller, @PathVariable UUID id,
                                @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        service.revoke(caller, id, ifMatch);
        return Responses.noContent();
    }
}
