package net.vpnaas.api.audit;

import java.util.UUID;
import net.vpnaas.api.auth.Access;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.web.ApiException;
import net.vpnaas.api.web.Page;
import net.vpnaas.api.web.PageRequest;
import net.vpnaas.model.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Read-only access to the acting tenant's audit trail, oldest first. */
@RestController
@Access(changes = Role.ADMIN)
class AuditController {
    private final AuditEvents events;

    AuditController(AuditEvents events) {
        this.events = events;
    }

    @GetMapping("/v1/audit-events")
    Page<AuditEventView> list(Caller caller,
                              @RequestParam(required = false) Integer limit,
                              @RequestParam(required = false) String cursor,
                              @RequestParam(required = false) String resourceType,
                              @RequestParam(required = false) UUID resourceId) {
        PageRequest page = PageRequest.of(limit, cursor, ResourceType.AUDIT_EVENT);
        var rows = events.page(caller.tenantId(), page.after(), resourceType, resourceId, page.fetchSize());
        return Page.of(rows, page, ResourceType.AUDIT_EVENT, AuditEventView::id, view -> view);
    }

    @GetMapping("/v1/audit-events/{id}")
    AuditEventView get(Caller caller, @PathVariable UUID id) {
        return events.find(caller.tenantId(), id)
                .orElseThrow(() -> ApiException.notFound("audit event"));
    }
}
