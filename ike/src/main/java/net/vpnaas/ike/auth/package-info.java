/**
 * IKEv2 authentication primitives (RFC 7296 section 2.15, RFC 7427, RFC 4754, RFC 8420): the octets
 * each side signs, shared-key AUTH values, signature AUTH data (sign and verify), the
 * SIGNATURE_HASH_ALGORITHMS notify, certificate path validation and identity matching.
 *
 * <p>Everything here is a pure function of its arguments: no I/O, no clock, no global provider
 * registration. The engine's IKE_AUTH task calls it; this package knows nothing of the message
 * codec or of the key schedule (the PRF is passed in as a {@link net.vpnaas.ike.auth.Prf}).
 */
package net.vpnaas.ike.auth;
