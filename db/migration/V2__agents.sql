-- Agents under the control plane: enrollment, what each agent reported, live tunnel state.

-- One-time tokens an admin creates for a gateway; only a hash is kept, like API keys.
CREATE TABLE enrollment_token (
    id          uuid PRIMARY KEY,
    gateway_id  uuid NOT NULL REFERENCES gateway (id) ON DELETE CASCADE,
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_by  uuid NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX enrollment_token_gateway ON enrollment_token (gateway_id);

-- What each agent of a gateway reported last. A NACK sets last_error but never applied_version.
CREATE TABLE gateway_agent (
    gateway_id        uuid NOT NULL REFERENCES gateway (id) ON DELETE CASCADE,
    agent_name        text NOT NULL,
    connected         boolean NOT NULL,
    connected_at      timestamptz,
    last_seen_at      timestamptz NOT NULL,
    applied_version   bigint NOT NULL DEFAULT 0,
    last_error        text,
    last_error_version bigint,
    last_error_at     timestamptz,
    PRIMARY KEY (gateway_id, agent_name)
);

-- Live state per tunnel as telemetry reports it (tunnel.status mirrors state for listing).
CREATE TABLE tunnel_state (
    tunnel_id       uuid PRIMARY KEY REFERENCES tunnel (id) ON DELETE CASCADE,
    status          text NOT NULL,
    reason          text,
    changed_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- The live Child SAs of each tunnel with their counters (replaced as telemetry arrives).
CREATE TABLE tunnel_sa (
    tunnel_id           uuid NOT NULL REFERENCES tunnel (id) ON DELETE CASCADE,
    spi_in              bigint NOT NULL,
    spi_out             bigint NOT NULL,
    bytes_in            bigint NOT NULL DEFAULT 0,
    bytes_out           bigint NOT NULL DEFAULT 0,
    packets_in          bigint NOT NULL DEFAULT 0,
    packets_out         bigint NOT NULL DEFAULT 0,
    replay_drops        bigint NOT NULL DEFAULT 0,
    integrity_failures  bigint NOT NULL DEFAULT 0,
    selector_drops      bigint NOT NULL DEFAULT 0,
    established_at      timestamptz NOT NULL,
    last_rekey_at       timestamptz,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (tunnel_id, spi_in)
);

-- The agent CA: one row. Its private key is encrypted under the master key like every secret,
-- so all replicas share one CA and none keeps it in plaintext.
CREATE TABLE agent_ca (
    id                     smallint PRIMARY KEY CHECK (id = 1),
    certificate_der        bytea NOT NULL,
    private_key_ciphertext bytea NOT NULL,
    created_at             timestamptz NOT NULL
);
