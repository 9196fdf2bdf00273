-- IKE certificates of gateways, for tunnels to peers that authenticate with certificates.

-- Each tenant's own IKE CA, which the control plane runs: it issues the tenant's gateway certificates,
-- and the tenant's peers trust its certificate (GET /v1/ike-ca). Made on first use. Its private key is
-- encrypted under the master key like every secret. Apart from the agent CA: agents never trust it,
-- and one tenant's peers never trust another tenant's gateways.
CREATE TABLE ike_ca (
    tenant_id              uuid PRIMARY KEY REFERENCES tenant (id) ON DELETE CASCADE,
    certificate_der        bytea NOT NULL,
    private_key_ciphertext bytea NOT NULL,
    created_at             timestamptz NOT NULL
);

-- The certificate a gateway authenticates itself with: issued by its tenant's IKE CA (and renewed
-- from renew_after on) or uploaded by the tenant. The private key is write-only and encrypted.
CREATE TABLE gateway_certificate (
    gateway_id             uuid PRIMARY KEY REFERENCES gateway (id) ON DELETE CASCADE,
    source                 text NOT NULL CHECK (source IN ('tenant-ca', 'uploaded')),
    -- PEM, the end entity first, then the intermediates to send along
    certificate_chain_pem  text NOT NULL,
    private_key_ciphertext bytea NOT NULL,
    not_after              timestamptz NOT NULL,
    -- when an issued certificate is due for renewal (two thirds of its lifetime); uploaded ones are the tenant's to renew
    renew_after            timestamptz,
    version                bigint NOT NULL,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    CHECK ((source = 'tenant-ca') = (renew_after IS NOT NULL))
);
CREATE INDEX gateway_certificate_renewal ON gateway_certificate (renew_after) WHERE renew_after IS NOT NULL;
