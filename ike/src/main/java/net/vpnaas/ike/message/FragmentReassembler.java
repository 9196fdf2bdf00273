package net.vpnaas.ike.message;

import java.util.List;
import java.util.Optional;

/**
 * Collects the decrypted fragments of one message (RFC 7383 section 2.6) within fixed bounds.
 *
 * <p>One instance per IKE SA and direction; it holds at most one message at a time. It keeps no
 * clock: the engine discards an incomplete message (with {@link #clear()}) when its own timer or
 * message-id window says so. Fragments must be authenticated and decrypted before they get here,
 * so only the peer can fill the buffer, and only up to the bounds; and only fragments of the message
 * id the engine currently expects should be offered (a late fragment of a finished message would
 * otherwise start collecting it again).
 */
public final class FragmentReassembler {

    /** A reassembled inner payload chain. */
    public record Reassembled(long messageId, int firstInnerPayloadType, Bytes chain) {

        public List<Payload> decode() throws IkeDecodeException {
            return PayloadChain.decode(firstInnerPayloadType, chain);
        }
    }

    private final int maxFragments;
    private final int maxTotalBytes;

    private long messageId = -1;
    private int total;
    private Bytes[] pieces = new Bytes[0];
    private int received;
    private int bufferedBytes;
    private int firstInnerPayloadType;

    public FragmentReassembler(int maxFragments, int maxTotalBytes) {
        if (maxFragments < 1 || maxFragments > 0xffff || maxTotalBytes < 1) {
            throw new IllegalArgumentException("bounds: 1..65535 fragments, at least 1 byte");
        }
        this.maxFragments = maxFragments;
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * Adds one decrypted fragment.
     *
     * @param messageId the fragment message's id; a different id than the one being collected starts over
     * @param plaintext the decrypted content with padding removed; the reassembler keeps this view
     * @return the whole inner chain once every fragment is in; empty while fragments are missing or for a duplicate
     * @throws IkeDecodeException INVALID_FRAGMENT for a fragment that contradicts the ones held (a lower
     *     total), REASSEMBLY_LIMIT when the bounds are exceeded (the partial message is then dropped)
     */
    public Optional<Reassembled> add(long messageId, EncryptedFragmentPayload fragment, Bytes plaintext)
            throws IkeDecodeException {
        int number = fragment.fragmentNumber();
        int fragmentTotal = fragment.totalFragments();
        if (fragmentTotal > maxFragments) {
            throw new IkeDecodeException(DecodeError.REASSEMBLY_LIMIT, -1, fragmentTotal,
                    fragmentTotal + " fragments announced, at most " + maxFragments + " accepted");
        }
        if (messageId != this.messageId) {
            start(messageId, fragmentTotal);
        } else if (fragmentTotal > total) {
            // RFC 7383 section 2.6: the sender re-fragmented with a smaller size; the old pieces are useless.
            start(messageId, fragmentTotal);
        } else if (fragmentTotal < total) {
            throw new IkeDecodeException(DecodeError.INVALID_FRAGMENT, -1, fragmentTotal,
                    "fragment says " + fragmentTotal + " in total, " + total + " already announced");
        }
        if (pieces[number - 1] != null) {
            return Optional.empty();
        }
        if (plaintext.length() > maxTotalBytes - bufferedBytes) {
            clear();
            throw new IkeDecodeException(DecodeError.REASSEMBLY_LIMIT, -1,
                    "reassembled message would exceed " + maxTotalBytes + " bytes");
        }
        pieces[number - 1] = plaintext;
        bufferedBytes += plaintext.length();
        received++;
        if (number == 1) {
            firstInnerPayloadType = fragment.firstInnerPayloadType();
        }
        if (received < total) {
            return Optional.empty();
        }
        byte[] chain = new byte[bufferedBytes];
        int at = 0;
        for (Bytes piece : pieces) {
            piece.copyTo(chain, at);
            at += piece.length();
        }
        Reassembled done = new Reassembled(messageId, firstInnerPayloadType, Bytes.wrap(chain));
        clear();
        return Optional.of(done);
    }

    /** Drops the partial message, if any. */
    public void clear() {
        messageId = -1;
        total = 0;
        pieces = new Bytes[0];
        received = 0;
        bufferedBytes = 0;
        firstInnerPayloadType = 0;
    }

    /** The id of the message being collected, -1 when none is. */
    public long collecting() {
        return messageId;
    }

    public int bufferedBytes() {
        return bufferedBytes;
    }

    public int bufferedFragments() {
        return received;
    }

    private void start(long id, int fragmentTotal) {
        clear();
        messageId = id;
        total = fragmentTotal;
        pieces = new Bytes[fragmentTotal];
    }
}
