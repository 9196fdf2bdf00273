-- Password authentication (PACE, RFC 6631) through the API: a peer of auth_method 'password' keeps its password
-- write-only and encrypted at rest like a PSK (AES-GCM under the master key), in a column of its own with its own
-- associated data, so that a password (which may be a 6-digit code) can never be read back as a PSK.
-- The list keeps 'null' (V21).
alter table peer drop constraint peer_auth_method_check;
alter table peer add constraint peer_auth_method_check check (auth_method in ('psk', 'certificate', 'null', 'password'));
alter table peer add column password_ciphertext bytea;
alter table peer add constraint peer_password_present check ((auth_method = 'password') = (password_ciphertext is not null));
