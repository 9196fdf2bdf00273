package net.vpnaas.ike.crypto;

import java.math.BigInteger;

final class ModpKeyExchangeTestAccess {
    private ModpKeyExchangeTestAccess() {}

    static byte[] toFixed(BigInteger v, int n) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[n];
        int skip = raw.length > n ? raw.length - n : 0;
        System.arraycopy(raw, skip, out, n - (raw.length - skip), raw.length - skip);
        return out;
    }
}
