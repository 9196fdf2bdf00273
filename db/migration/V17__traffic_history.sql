-- Traffic history for charts: what each tunnel carried, as sums over time buckets. Counters arrive
-- cumulative per Child SA; the telemetry writer stores what each report added (new minus previous,
-- summed over the tunnel's SAs) in the same statement that updates tunnel_sa, one row per tunnel
-- and report with traffic, stamped with the write's time. A rollup folds finished minutes into
-- traffic_minute and finished hours into traffic_hour; each level is kept for a while of its own
-- (vpnaas.traffic.*-retention).
--
-- No foreign keys to tunnel: each insert would look the tunnel up once more, and a deleted
-- tunnel's history simply ages out. Reads always go through the tunnel (tenant check) first.
-- BRIN indexes on time: rows arrive in time order, so a few pages of index find a time range for
-- the rollup and the retention deletes.
CREATE TABLE traffic_raw (
    tunnel_id    uuid NOT NULL,
    at           timestamptz NOT NULL,
    bytes_in     bigint NOT NULL,
    bytes_out    bigint NOT NULL,
    packets_in   bigint NOT NULL,
    packets_out  bigint NOT NULL
);
CREATE INDEX traffic_raw_tunnel_at ON traffic_raw (tunnel_id, at);
CREATE INDEX traffic_raw_at ON traffic_raw USING brin (at);

CREATE TABLE traffic_minute (
    tunnel_id    uuid NOT NULL,
    bucket       timestamptz NOT NULL,
    bytes_in     bigint NOT NULL,
    bytes_out    bigint NOT NULL,
    packets_in   bigint NOT NULL,
    packets_out  bigint NOT NULL,
    PRIMARY KEY (tunnel_id, bucket)
);
CREATE INDEX traffic_minute_bucket ON traffic_minute USING brin (bucket);

CREATE TABLE traffic_hour (
    tunnel_id    uuid NOT NULL,
    bucket       timestamptz NOT NULL,
    bytes_in     bigint NOT NULL,
    bytes_out    bigint NOT NULL,
    packets_in   bigint NOT NULL,
    packets_out  bigint NOT NULL,
    PRIMARY KEY (tunnel_id, bucket)
);
CREATE INDEX traffic_hour_bucket ON traffic_hour USING brin (bucket);

-- How far each level is complete: traffic_minute holds every minute before done_until of 'minute'
-- (later traffic is still only in traffic_raw), traffic_hour every hour before that of 'hour'.
CREATE TABLE traffic_rollup (
    level       text PRIMARY KEY CHECK (level IN ('minute', 'hour')),
    done_until  timestamptz NOT NULL
);
INSERT INTO traffic_rollup VALUES ('minute', date_trunc('minute', now())), ('hour', date_trunc('hour', now()));
