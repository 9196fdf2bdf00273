package net.vpnaas.api.audit;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface AuditEventRepository extends JpaRepository<AuditEventEntity, UUID> {
    Optional<AuditEventEntity> findByIdAndTenantId(UUID id, UUID tenantId);

    @Query(nativeQuery = true, value = """
            select * from audit_event
            where tenant_id = :tenantId and id > :after
              and (cast(:resourceType as text) is null or resource_type = :resourceType)
              and (cast(:resourceId as uuid) is null or resource_id = cast(:resourceId as uuid))
            order by id limit :limit""")
    List<AuditEventEntity> page(UUID tenantId, UUID after, String resourceType, String resourceId, int limit);
}
