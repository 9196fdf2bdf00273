-- What protected the keys of a tunnel's IKE SA against a quantum computer, as its gateway reported
-- with IKE_UP (e.g. 'ML_KEM_768+PPK(ppk-a)', 'none'); null when unknown or the tunnel is down.
alter table tunnel_state add column quantum_safety text;
