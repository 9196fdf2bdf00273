/**
 * QKD keys as an IKEv2 key exchange method of their own (a private-use Transform Type 4 ID, see
 * {@link net.vpnaas.ike.crypto.KeyExchangeMethod#QKD}): the initiator's Key Exchange Data is the ID of
 * a key it took from its key management entity, the responder fetches that key by ID and answers with
 * the same ID, and the key is the shared secret. Used only as an additional key exchange (RFC 9370,
 * in IKE_INTERMEDIATE) and as a Child SA's PFS group, never in IKE_SA_INIT: a responder then takes a
 * key only from a peer that completed the IKE_SA_INIT round trip, so spoofed IKE_SA_INIT requests
 * cannot drain the key pool.
 */
package net.vpnaas.ike.qkd;
