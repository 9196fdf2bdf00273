package net.vpnaas.ike.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** SA payload (RFC 7296 section 3.3): one or more proposals, in order of preference. */
public record SecurityAssociationPayload(List<Proposal> proposals) implements Payload {

    public SecurityAssociationPayload {
        proposals = List.copyOf(proposals);
    }

    @Override
    public int typeCode() {
        return PayloadType.SECURITY_ASSOCIATION.code();
    }

    @Override
    public int bodyLength() {
        int length = 0;
        for (Proposal p : proposals) {
            length += p.encodedLength();
        }
        return length;
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        for (int i = 0; i < proposals.size(); i++) {
            proposals.get(i).encode(out, i == proposals.size() - 1);
        }
    }

    static SecurityAssociationPayload decode(WireReader r) throws IkeDecodeException {
        if (r.remaining() == 0) {
            throw r.syntax(r.offset(), "SA payload without proposals");
        }
        List<Proposal> proposals = new ArrayList<>(2);
        boolean last = false;
        int previousNumber = 0;
        while (r.remaining() > 0) {
            int start = r.offset();
            if (last) {
                throw r.syntax(start, "proposal after the one marked last");
            }
            int marker = r.u8("proposal last-substructure");
            if (marker != Proposal.LAST && marker != Proposal.MORE) {
                throw r.syntax(start, "proposal last-substructure must be 0 or 2, is " + marker);
            }
            last = marker == Proposal.LAST;
            r.skip(1, "proposal reserved");
            int length = r.u16("proposal length");
            if (length < 8) {
                throw new IkeDecodeException(DecodeError.INVALID_PAYLOAD_LENGTH, start + 2,
                        "proposal length " + length + " is shorter than 8");
            }
            if (length - 4 > r.remaining()) {
                throw new IkeDecodeException(DecodeError.LENGTH_MISMATCH, start + 2, "proposal length " + length
                        + " exceeds the SA payload's remaining " + (r.remaining() + 4) + " bytes");
            }
            Proposal p = Proposal.decode(r.sub(length - 4, "proposal"), start);
            boolean numberOk = previousNumber == 0 ? p.number() == 1
                    : p.number() == previousNumber || p.number() == previousNumber + 1;
            if (!numberOk) {
                throw r.syntax(start + 4, "proposal number " + p.number() + " after " + previousNumber);
            }
            previousNumber = p.number();
            proposals.add(p);
        }
        if (!last) {
            throw r.syntax(r.offset(), "the SA payload's last proposal is not marked last");
        }
        return new SecurityAssociationPayload(proposals);
    }
}
