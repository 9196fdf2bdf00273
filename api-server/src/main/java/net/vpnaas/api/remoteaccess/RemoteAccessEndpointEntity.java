package net.vpnaas.api.remoteaccess;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.support.Columns;
import net.vpnaas.api.support.TenantOwnedEntity;
import net.vpnaas.model.RadiusServerSpec;
import net.vpnaas.model.RemoteAccessEndpointSpec;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A remote-access endpoint's row. Updates write only the columns that changed, as for peers:
 * reencrypt-secrets rewrites radius_secrets_ciphertext while replicas serve, and an update of another
 * field loaded before must not write the old ciphertext back.
 */
@Entity
@Table(name = "remote_access_endpoint")
@DynamicUpdate
public class RemoteAccessEndpointEntity extends TenantOwnedEntity {
    @Column(name = "gateway_id", nullable = false)
    private UUID gatewayId;
    @Column(name = "policy_id", nullable = false)
    private UUID policyId;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "address_pools", nullable = false)
    private List<String> addressPools;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "dns_servers", nullable = false)
    private List<String> dnsServers;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "allowed_networks", nullable = false)
    private List<String> allowedNetworks;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "radius_servers", nullable = false)
    private List<RadiusServerView> radiusServers;
    /** AES-GCM ciphertext of the RADIUS secrets (see RadiusSecrets). */
    @Column(name = "radius_secrets_ciphertext", nullable = false)
    private byte[] radiusSecretsCiphertext;
    @Column(name = "eap_only", nullable = false)
    private boolean eapOnly;

    protected RemoteAccessEndpointEntity() {}

    RemoteAccessEndpointEntity(UUID tenantId) {
        super(tenantId);
    }

    /** {@code spec}, valid and with defaults; its RADIUS secrets go in {@code secretsCiphertext}. */
    void apply(RemoteAccessEndpointSpec spec, byte[] secretsCiphertext) {
        setNameAndLabels(spec.name(), spec.labels());
        gatewayId = spec.gatewayId();
        policyId = spec.policyId();
        addressPools = List.copyOf(spec.addressPools());
        dnsServers = List.copyOf(spec.dnsServers());
        allowedNetworks = List.copyOf(spec.allowedNetworks());
        radiusServers = spec.radiusServers().stream().map(r -> new RadiusServerView(r.address(), r.port())).toList();
        radiusSecretsCiphertext = secretsCiphertext;
        eapOnly = spec.eapOnly();
    }

    /** The specification as stored, without the RADIUS secrets (write-only). */
    RemoteAccessEndpointSpec toSpec() {
        return new RemoteAccessEndpointSpec(getName(), getLabels(), gatewayId, policyId, null, addressPools, dnsServers,
                allowedNetworks, radiusServers.stream().map(r -> new RadiusServerSpec(r.address(), r.port(), null)).toList(), eapOnly);
    }

    @Override
    protected void addColumns(Map<String, Object> columns) {
        columns.put("gateway_id", gatewayId);
        columns.put("policy_id", policyId);
        columns.put("address_pools", Columns.jsonb(addressPools));
        columns.put("dns_servers", Columns.jsonb(dnsServers));
        columns.put("allowed_networks", Columns.jsonb(allowedNetworks));
        columns.put("radius_servers", Columns.jsonb(radiusServers));
        columns.put("radius_secrets_ciphertext", radiusSecretsCiphertext);
        columns.put("eap_only", eapOnly);
    }

    public UUID getGatewayId() { return gatewayId; }
    byte[] getRadiusSecretsCiphertext() { return radiusSecretsCiphertext; }
}
