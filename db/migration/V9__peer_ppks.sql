-- Post-quantum preshared keys (RFC 8784) of a peer: their ids are shown (IKE sends them in the clear),
-- their secrets are write-only and encrypted at rest like the PSK (AES-GCM under the master key, with
-- the peer's id as associated data), all of a peer's in one ciphertext; null without PPKs.
alter table peer add column ppk_ids jsonb NOT NULL DEFAULT '[]';
alter table peer add column ppk_required boolean NOT NULL DEFAULT false;
alter table peer add column ppk_ciphertext bytea;
