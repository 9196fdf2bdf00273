-- A crypto policy may give the IKE SA's and the Child SAs' rekey times directly; null keeps the
-- rekey margin before the lifetime (rekey_margin_seconds).
ALTER TABLE crypto_policy ADD COLUMN ike_rekey_seconds integer, ADD COLUMN child_rekey_seconds integer;
