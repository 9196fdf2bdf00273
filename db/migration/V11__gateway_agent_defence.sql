-- What each agent's IKE responder last reported of its DDoS defences (RFC 8019): the level, the puzzle
-- difficulty, half-open IKE SAs, and counters since the agent started (drops by reason as a JSON object).
alter table gateway_agent
    add column defence_level             text,
    add column defence_puzzle_difficulty integer,
    add column defence_half_open         integer,
    add column defence_cookies_sent      bigint,
    add column defence_puzzles_sent      bigint,
    add column defence_drops             jsonb,
    add column defence_reported_at       timestamptz;
