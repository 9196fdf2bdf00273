-- Where the QKD keys of a peer's tunnels come from (ETSI GS QKD 014): the peer's SAE ID at its key
-- management entity, and what a gateway does when its KME has no key: 'fail' or 'mlkem768'. Both
-- null for a peer without QKD. The KME's address and the gateway's client certificate for it are the
-- agent's own settings and never stored here.
alter table peer add column qkd_sae_id text;
alter table peer add column qkd_fallback text;
alter table peer add constraint peer_qkd_whole check ((qkd_sae_id is null) = (qkd_fallback is null));
