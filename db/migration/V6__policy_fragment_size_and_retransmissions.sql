-- A crypto policy's IKE fragment size (0: no IKE fragmentation) and how IKE requests are resent;
-- existing policies get the values gateways used so far.
ALTER TABLE crypto_policy
    ADD COLUMN ike_fragment_size integer NOT NULL DEFAULT 1280,
    ADD COLUMN retransmit_timeout_millis integer NOT NULL DEFAULT 4000,
    ADD COLUMN retransmit_backoff_percent integer NOT NULL DEFAULT 180,
    ADD COLUMN retransmit_tries integer NOT NULL DEFAULT 6;
