-- How often a gateway behind a NAT sends NAT keepalives (RFC 3948) for a tunnel; 0: none. Existing
-- policies get the API's default.
ALTER TABLE crypto_policy ADD COLUMN nat_keepalive_seconds integer NOT NULL DEFAULT 20;
