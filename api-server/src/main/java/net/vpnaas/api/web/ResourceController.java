package net.vpnaas.api.web;

import java.util.List;
import java.util.UUID;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.idempotency.Idempotency;
import net.vpnaas.api.support.ResourceType;
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
import tools.jackson.databind.JsonNode;

/**
 * The REST shape shared by every collection: POST (with Idempotency-Key), paged GET with name and
 * label filters, and GET/PUT/PATCH/DELETE of one item (with If-Match). A subclass names its path
 * with {@code @RequestMapping} and supplies the service; Spring resolves {@code S} from the
 * subclass for request-body binding.
 */
public abstract class ResourceController<S, V extends Versioned> {
    private final String path;
    private final ResourceType type;
    private final ResourceService<S, V> service;
    private final Idempotency idempotency;

    protected ResourceController(String path, ResourceType type, ResourceService<S, V> service, Idempotency idempotency) {
        this.path = path;
        this.type = type;
        this.service = service;
        this.idempotency = idempotency;
    }

    @PostMapping
    ResponseEntity<?> create(Caller caller, @RequestHeader(name = Idempotency.HEADER, required = false) String key,
                             @RequestBody S spec) {
        return idempotency.execute(caller, key, path, spec, () -> Responses.created(path, service.create(caller, spec)));
    }

    @GetMapping
    Page<V> list(Caller caller, @RequestParam(required = false) Integer limit,
                 @RequestParam(required = false) String cursor, @RequestParam(required = false) String name,
                 @RequestParam(required = false) List<String> label) {
        return service.list(caller, PageRequest.of(limit, cursor, type), ListFilter.of(name, label));
    }

    @GetMapping("/{id}")
    ResponseEntity<V> get(Caller caller, @PathVariable UUID id) {
        return Responses.ok(service.get(caller, id));
    }

    @PutMapping("/{id}")
    ResponseEntity<V> replace(Caller caller, @PathVariable UUID id,
                              @RequestHeader(name = "If-Match", required = false) String ifMatch, @RequestBody S spec) {
        return Responses.ok(service.replace(caller, id, ifMatch, spec));
    }

    /**
     * Only a JSON Merge Patch: the body means "these fields change, a null removes one", which a
     * client sending plain application/json may not intend, so any other media type is 415.
     */
    @PatchMapping(path = "/{id}", consumes = MergePatch.MEDIA_TYPE)
    ResponseEntity<V> patch(Caller caller, @PathVariable UUID id,
                            @RequestHeader(name = "If-Match", required = false) String ifMatch, @RequestBody JsonNode patch) {
        return Responses.ok(service.patch(caller, id, ifMatch, patch));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id,
                                @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        service.delete(caller, id, ifMatch);
        return Responses.noContent();
    }
}
