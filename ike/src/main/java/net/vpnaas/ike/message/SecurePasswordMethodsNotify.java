package net.vpnaas.ike.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * SECURE_PASSWORD_METHODS (RFC 6467 section 3.1, type 16424) in IKE_SA_INIT: Protocol ID 0, no SPI, and
 * the secure password methods as 2-octet numbers (IANA: 1 PACE, 2 AugPAKE, 3 Secure PSK Authentication).
 * The initiator lists those it can run, most preferred first; the responder answers with the one it chose.
 */
public record SecurePasswordMethodsNotify(List<Integer> methods) {
    /** RFC 6631. */
    public static final int PACE = 1;

    public SecurePasswordMethodsNotify {
        methods = List.copyOf(methods);
        if (methods.isEmpty()) throw new IllegalArgumentException("no secure password method");
        for (int m : methods) if (m < 0 || m > 0xffff) throw new IllegalArgumentException("method " + m + " is not 16-bit");
    }

    public NotifyPayload payload() {
        ByteBuffer b = ByteBuffer.allocate(2 * methods.size());
        for (int m : methods) b.putShort((short) m);
        return NotifyPayload.of(NotifyType.SECURE_PASSWORD_METHODS, Bytes.wrap(b.array()));
    }

    /** @throws IkeDecodeException an SPI, no method, or an odd number of octets */
    public static SecurePasswordMethodsNotify decode(NotifyPayload n) throws IkeDecodeException {
        if (n.notifyType() != NotifyType.SECURE_PASSWORD_METHODS) throw new IllegalArgumentException("not SECURE_PASSWORD_METHODS");
        if (n.spi().length() != 0) {
            throw new IkeDecodeException(DecodeError.INVALID_SYNTAX, -1, n.notifyTypeCode(), "SECURE_PASSWORD_METHODS with an SPI");
        }
        Bytes d = n.data();
        if (d.length() == 0 || d.length() % 2 != 0) {
            throw new IkeDecodeException(DecodeError.INVALID_SYNTAX, -1, n.notifyTypeCode(),
                    "SECURE_PASSWORD_METHODS of " + d.length() + " octets, not a non-empty list of 2-octet methods");
        }
        List<Integer> methods = new ArrayList<>();
        for (int i = 0; i < d.length(); i += 2) methods.add(d.u16(i));
        return new SecurePasswordMethodsNotify(methods);
    }
}
