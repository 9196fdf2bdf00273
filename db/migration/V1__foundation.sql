-- The schema lives only here (Flyway, PostgreSQL dialect). Nothing is released yet, so V1 holds
-- the whole tenant-facing model. Ids are server-assigned UUIDs (version 7: time-ordered, which
-- makes "ORDER BY id" creation order and keyset pagination cheap). Every client-writable row has
-- a "version" (optimistic locking, exposed as the ETag).

CREATE TABLE tenant (
    id          uuid PRIMARY KEY,
    parent_id   uuid REFERENCES tenant (id),
    name        text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('msp', 'customer')),
    labels      jsonb NOT NULL DEFAULT '{}',
    version     bigint NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    UNIQUE (parent_id, name)
);
CREATE INDEX tenant_parent ON tenant (parent_id, id);

CREATE TABLE api_key (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    name         text NOT NULL,
    labels       jsonb NOT NULL DEFAULT '{}',
    role         text NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    -- SHA-256 of the 256-bit random secret; the secret itself is never stored
    secret_hash  bytea NOT NULL CHECK (length(secret_hash) = 32),
    revoked_at   timestamptz,
    version      bigint NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX api_key_tenant ON api_key (tenant_id, id);

CREATE TABLE gateway (
    id               uuid PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenant (id),
    name             text NOT NULL,
    labels           jsonb NOT NULL DEFAULT '{}',
    public_addresses jsonb NOT NULL,
    -- bumped in the same transaction as every change that alters what the gateway must run
    config_revision  bigint NOT NULL DEFAULT 1,
    version          bigint NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    UNIQUE (tenant_id, name)
);
CREATE INDEX gateway_tenant ON gateway (tenant_id, id);

CREATE TABLE peer (
    id                 uuid PRIMARY KEY,
    tenant_id          uuid NOT NULL REFERENCES tenant (id),
    name               text NOT NULL,
    labels             jsonb NOT NULL DEFAULT '{}',
    address            text NOT NULL,
    ike_identity       text NOT NULL,
    auth_method        text NOT NULL CHECK (auth_method IN ('psk', 'certificate')),
    -- AES-256-GCM under the configured master key: 1 format byte, 12 bytes nonce, ciphertext+tag
    psk_ciphertext     bytea,
    ca_bundle_pem      text,
    expected_identity  text,
    version            bigint NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    UNIQUE (tenant_id, name),
    CHECK ((auth_method = 'psk') = (psk_ciphertext IS NOT NULL)),
    CHECK ((auth_method = 'certificate') = (ca_bundle_pem IS NOT NULL AND expected_identity IS NOT NULL))
);
CREATE INDEX peer_tenant ON peer (tenant_id, id);

CREATE TABLE crypto_policy (
    id                      uuid PRIMARY KEY,
    tenant_id               uuid NOT NULL REFERENCES tenant (id),
    name                    text NOT NULL,
    labels                  jsonb NOT NULL DEFAULT '{}',
    ike_proposals           jsonb NOT NULL,
    esp_proposals           jsonb NOT NULL,
    ike_lifetime_seconds    integer NOT NULL,
    child_lifetime_seconds  integer NOT NULL,
    rekey_margin_seconds    integer NOT NULL,
    rekey_fuzz_percent      integer NOT NULL,
    dpd_interval_seconds    integer NOT NULL,
    dpd_timeout_seconds     integer NOT NULL,
    dpd_action              text NOT NULL,
    replay_window           integer NOT NULL,
    esn                     boolean NOT NULL,
    pfs_group               text,
    start_action            text NOT NULL,
    encapsulation           text NOT NULL,
    version                 bigint NOT NULL,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    UNIQUE (tenant_id, name)
);
CREATE INDEX crypto_policy_tenant ON crypto_policy (tenant_id, id);

CREATE TABLE tunnel (
    id                        uuid PRIMARY KEY,
    tenant_id                 uuid NOT NULL REFERENCES tenant (id),
    name                      text NOT NULL,
    labels                    jsonb NOT NULL DEFAULT '{}',
    gateway_id                uuid NOT NULL REFERENCES gateway (id),
    peer_id                   uuid NOT NULL REFERENCES peer (id),
    policy_id                 uuid NOT NULL REFERENCES crypto_policy (id),
    local_traffic_selectors   jsonb NOT NULL,
    remote_traffic_selectors  jsonb NOT NULL,
    inside_cidr               text,
    -- written by telemetry later; UNKNOWN until an agent reports
    status                    text NOT NULL DEFAULT 'UNKNOWN',
    version                   bigint NOT NULL,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL,
    UNIQUE (tenant_id, name)
);
CREATE INDEX tunnel_tenant ON tunnel (tenant_id, id);
CREATE INDEX tunnel_gateway ON tunnel (gateway_id);
CREATE INDEX tunnel_peer ON tunnel (peer_id);
CREATE INDEX tunnel_policy ON tunnel (policy_id);

-- Append-only. No foreign keys: the history outlives the tenant, key and resource it names.
CREATE TABLE audit_event (
    id             uuid PRIMARY KEY,
    tenant_id      uuid NOT NULL,
    api_key_id     uuid NOT NULL,
    action         text NOT NULL,
    resource_type  text NOT NULL,
    resource_id    uuid NOT NULL,
    occurred_at    timestamptz NOT NULL,
    changes        jsonb NOT NULL
);
CREATE INDEX audit_event_tenant ON audit_event (tenant_id, id);

-- One row per (tenant, Idempotency-Key) of a POST that succeeded: the request's fingerprint and the
-- response to replay. The body is encrypted like a secret because a create response may carry one.
CREATE TABLE idempotency_record (
    tenant_id            uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    idempotency_key      text NOT NULL,
    request_fingerprint  bytea NOT NULL,
    response_status      integer,
    response_location    text,
    response_etag        text,
    response_body        bytea,
    created_at           timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, idempotency_key)
);
CREATE INDEX idempotency_record_created ON idempotency_record (created_at);
