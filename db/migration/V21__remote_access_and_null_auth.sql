-- NULL authentication (RFC 7619) through the API: a peer of auth_method 'null' names itself ID_NULL and
-- proves nothing; psk_ciphertext then holds the PSK our gateway proves itself with, or is null when
-- neither side authenticates. A PSK peer still always has its PSK, a certificate peer never one.
alter table peer drop constraint peer_auth_method_check;
alter table peer add constraint peer_auth_method_check check (auth_method in ('psk', 'certificate', 'null'));
alter table peer drop constraint peer_check;
alter table peer add constraint peer_psk_present check ((auth_method <> 'psk' or psk_ciphertext is not null)
    and (auth_method <> 'certificate' or psk_ciphertext is null));

-- Remote-access endpoints (tenant-model's RemoteAccessEndpointSpec): EAP clients of a gateway, passed to
-- RADIUS servers, given virtual IPs from the address pools. The RADIUS servers' addresses and ports are
-- shown; their shared secrets are write-only and encrypted at rest under the master key like PSKs, all of
-- an endpoint's in one ciphertext (with the endpoint's id as associated data) so that they cannot be
-- swapped between servers or endpoints in the database.
create table remote_access_endpoint (
    id                      uuid primary key,
    tenant_id               uuid not null references tenant (id),
    name                    text not null,
    labels                  jsonb not null default '{}',
    gateway_id              uuid not null references gateway (id),
    policy_id               uuid not null references crypto_policy (id),
    address_pools           jsonb not null,
    dns_servers             jsonb not null,
    allowed_networks        jsonb not null,
    -- [{"address": "10.1.0.5", "port": 1812}, ...], in the order they are asked
    radius_servers          jsonb not null,
    radius_secrets_ciphertext bytea not null,
    eap_only                boolean not null,
    version                 bigint not null,
    created_at              timestamptz not null,
    updated_at              timestamptz not null,
    unique (tenant_id, name)
);
create index remote_access_endpoint_tenant on remote_access_endpoint (tenant_id, id);
create index remote_access_endpoint_gateway on remote_access_endpoint (gateway_id);
create index remote_access_endpoint_policy on remote_access_endpoint (policy_id);

-- Remote-access sessions as the agents report them in telemetry (each report of an agent replaces its
-- rows), only under endpoints of the reporting gateway.
create table remote_access_session (
    gateway_id     uuid not null references gateway (id) on delete cascade,
    agent_name     text not null,
    endpoint_id    uuid not null references remote_access_endpoint (id) on delete cascade,
    session_id     text not null,
    identity       text not null,
    virtual_ip     text,
    outer_address  text not null,
    since          timestamptz not null,
    bytes_in       bigint not null,
    bytes_out      bigint not null,
    reported_at    timestamptz not null,
    primary key (gateway_id, agent_name, session_id)
);
create index remote_access_session_endpoint on remote_access_session (endpoint_id);

-- Sessions an admin disconnected: pushed in the gateway's snapshot until no agent reports them any more.
create table remote_access_disconnect (
    endpoint_id   uuid not null references remote_access_endpoint (id) on delete cascade,
    session_id    text not null,
    requested_at  timestamptz not null,
    primary key (endpoint_id, session_id)
);
