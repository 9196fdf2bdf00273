-- A gateway's thresholds against IKE floods (RFC 8019), as the REST API's gateway "defence"; every
-- gateway so far runs the engine's defaults, which are these.
alter table gateway
    add column defence_cookie_threshold      integer not null default 50,
    add column defence_puzzle_threshold      integer not null default 200,
    add column defence_half_open_limit       integer not null default 2000,
    add column defence_per_address_limit     integer not null default 50,
    add column defence_per_prefix_limit      integer not null default 200,
    add column defence_max_puzzle_difficulty integer not null default 20,
    add column defence_auth_failure_limit    integer not null default 5;
