-- What carries the IKE SAs a gateway initiates for a tunnel (RFC 9329): 'udp', 'tcp' or
-- 'udp-with-tcp-fallback', and the peer's TCP port for it. Existing policies get the API's defaults.
ALTER TABLE crypto_policy ADD COLUMN transport text NOT NULL DEFAULT 'udp';
ALTER TABLE crypto_policy ADD COLUMN tcp_port integer NOT NULL DEFAULT 4500;
-- What carries a tunnel's IKE SA, as its gateway reported with IKE_UP ('udp', 'tcp'); null when
-- unknown or the tunnel is down.
ALTER TABLE tunnel_state ADD COLUMN transport text;
