package net.vpnaas.ike.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The data of a SIGNATURE_HASH_ALGORITHMS notify (RFC 7427 section 4): a list of 2-octet hash
 * algorithm identifiers. Sent in IKE_SA_INIT by both sides; its presence tells the other side that
 * AUTH method 14 is understood, and the list says which hashes the sender can verify.
 *
 * @param ids the identifiers in the order received, unknown ones included (they are ignored when
 *            choosing, but kept so a log line shows what the peer really sent)
 */
public record SignatureHashAlgorithms(List<Integer> ids) {
    /** The peer sent no notify: only the classic AUTH methods (1, 9, 10, 11) may be used. */
    public static final SignatureHashAlgorithms NOT_SENT = new SignatureHashAlgorithms(List.of());

    /** What we announce: every hash our verifier accepts with method 14 (SHA-1 deliberately not, RFC 8247). */
    public static final SignatureHashAlgorithms SUPPORTED = of(
            HashAlgorithm.SHA2_256, HashAlgorithm.SHA2_384, HashAlgorithm.SHA2_512, HashAlgorithm.IDENTITY);

    public SignatureHashAlgorithms {
        ids = List.copyOf(ids);
        for (int id : ids) {
            if (id < 0 || id > 0xFFFF) throw new IllegalArgumentException("hash id out of range: " + id);
        }
    }

    public static SignatureHashAlgorithms of(HashAlgorithm... hashes) {
        List<Integer> ids = new ArrayList<>(hashes.length);
        for (HashAlgorithm h : hashes) ids.add(h.value());
        return new SignatureHashAlgorithms(ids);
    }

    /** Empty if the data is not a whole number of 2-octet identifiers. */
    public static Optional<SignatureHashAlgorithms> decode(byte[] notifyData) {
        if (notifyData.length % 2 != 0) return Optional.empty();
        List<Integer> ids = new ArrayList<>(notifyData.length / 2);
        for (int i = 0; i < notifyData.length; i += 2) {
            ids.add((notifyData[i] & 0xFF) << 8 | (notifyData[i + 1] & 0xFF));
        }
        return Optional.of(new SignatureHashAlgorithms(ids));
    }

    public byte[] encode() {
        byte[] out = new byte[ids.size() * 2];
        for (int i = 0; i < ids.size(); i++) {
            out[2 * i] = (byte) (ids.get(i) >>> 8);
            out[2 * i + 1] = ids.get(i).byteValue();
        }
        return out;
    }

    public boolean offers(HashAlgorithm hash) {
        return ids.contains(hash.value());
    }

    /** Whether the peer announced RFC 7427 support (an empty list announces nothing usable). */
    public boolean isEmpty() {
        return ids.isEmpty();
    }
}
