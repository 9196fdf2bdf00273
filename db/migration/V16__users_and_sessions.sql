-- People who sign in to the portal: one tenant each, with the roles API keys have. An email
-- address is unique across the whole service, because signing in names no tenant.
CREATE TABLE users (
    id                      uuid PRIMARY KEY,
    tenant_id               uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    -- lower-cased by the server before it is stored or looked up
    email                   text NOT NULL UNIQUE,
    role                    text NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    status                  text NOT NULL CHECK (status IN ('invited', 'active')),
    -- the PHC string of an Argon2id hash ($argon2id$v=19$m=..,t=..,p=..$salt$hash); null until invited
    -- users accept their invitation
    password_hash           text,
    -- SHA-256 of the one-time invitation token; the token itself is shown once to the admin
    invitation_hash         bytea UNIQUE CHECK (length(invitation_hash) = 32),
    invitation_expires_at   timestamptz,
    -- the TOTP shared secret (RFC 6238), encrypted like every secret (SecretCipher, bound to the user id);
    -- set when enrollment starts, used for sign-in only once totp_enabled
    totp_secret_ciphertext  bytea,
    totp_enabled            boolean NOT NULL DEFAULT false,
    -- the time step of the last code accepted: a code is never accepted twice
    totp_last_step          bigint,
    version                 bigint NOT NULL,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    CHECK ((status = 'active') = (password_hash IS NOT NULL)),
    CHECK (NOT totp_enabled OR totp_secret_ciphertext IS NOT NULL)
);
CREATE INDEX users_tenant ON users (tenant_id, id);

-- A signed-in browser. The cookie carries a random token; only its SHA-256 is stored, so a copy of
-- this table signs no one in. Any replica serves any session.
CREATE TABLE user_session (
    id            uuid PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash    bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    -- sent back by the browser in X-CSRF-Token with every request that changes something
    csrf_token    text NOT NULL,
    created_at    timestamptz NOT NULL,
    -- idle expiry counts from here (written at most once a minute, not on every request)
    last_seen_at  timestamptz NOT NULL,
    -- absolute expiry, however active the session is
    expires_at    timestamptz NOT NULL
);
CREATE INDEX user_session_user ON user_session (user_id);
CREATE INDEX user_session_expires ON user_session (expires_at);

-- Failed sign-ins counted per email and per client address in a fixed window; a subject that
-- reaches its limit is refused (429) until its window ends. Refused attempts do not count, so a
-- block never outlasts its window.
CREATE TABLE sign_in_throttle (
    scope              text NOT NULL CHECK (scope IN ('email', 'address')),
    subject            text NOT NULL,
    failures           integer NOT NULL,
    window_started_at  timestamptz NOT NULL,
    PRIMARY KEY (scope, subject)
);

-- Audit events of people: the actor is a user (signed in with a session) or an API key.
ALTER TABLE audit_event ALTER COLUMN api_key_id DROP NOT NULL;
ALTER TABLE audit_event ADD COLUMN user_id uuid;
ALTER TABLE audit_event ADD CONSTRAINT audit_event_actor CHECK (api_key_id IS NOT NULL OR user_id IS NOT NULL);
