/**
 * A stand-in for a pair of QKD key management entities (KMEs), for machines without QKD hardware
 * (these have none): two ETSI GS QKD 014 v1.1.1 servers over HTTPS with mutual TLS that share one key
 * stream, as two KMEs at the ends of a QKD link do. A key the master SAE takes with {@code enc_keys}
 * at its KME can be fetched once, by ID, by the slave SAE with {@code dec_keys} at the other; each SAE
 * is known by its client certificate's common name. The pool holds a bounded number of keys and
 * refills at a set rate, so a test (or a user) can run it dry. Keys come from a CSPRNG, not from
 * quantum physics: it demonstrates the protocol and the product's handling of it, nothing more.
 * Run by {@code bin/qkd-kme-pair}; the product never calls it.
 */
package net.vpnaas.agent.qkd.standin;
