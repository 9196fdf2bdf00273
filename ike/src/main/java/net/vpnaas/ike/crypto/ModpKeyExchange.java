package net.vpnaas.ike.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.DHParameters;

/** Finite-field Diffie-Hellman over the RFC 3526 MODP groups (generator 2). */
final class ModpKeyExchange implements KeyExchange {

    /** Private exponent size: 512 bits exceeds twice the strength of the largest group we offer (RFC 3526 s.8). */
    private static final int EXPONENT_BYTES = 64;

    private final KeyExchangeMethod method;
    private final BigInteger p;
    private final BigInteger privateKey;
    private final byte[] publicValue;

    ModpKeyExchange(KeyExchangeMethod method, DHParameters group, RandomSource random) {
        this.method = method;
        this.p = group.getP();
        BigInteger x;
        do {
            x = new BigInteger(1, random.bytes(EXPONENT_BYTES));
        } while (x.signum() == 0);
        this.privateKey = x;
        this.publicValue = pad(group.getG().modPow(x, p));
    }

    private byte[] pad(BigInteger v) {
        int n = method.publicValueLength();
        byte[] raw = v.toByteArray();
        byte[] out = new byte[n];
        int skip = raw.length > n ? raw.length - n : 0; // drop a sign byte
        System.arraycopy(raw, skip, out, n - (raw.length - skip), raw.length - skip);
        return out;
    }

    BigInteger modulus() {
        return p;
    }

    @Override
    public KeyExchangeMethod method() {
        return method;
    }

    @Override
    public byte[] publicValue() {
        return publicValue.clone();
    }

    @Override
    public byte[] sharedSecret(byte[] peer) throws InvalidPublicValueException {
        if (peer.length != method.publicValueLength()) {
            throw new InvalidPublicValueException(method + " public value must be " + method.publicValueLength() + " bytes, got " + peer.length);
        }
        BigInteger y = new BigInteger(1, peer);
        // 1 < y < p-1 rules out the degenerate values 0, 1 and p-1 (order 1 or 2).
        if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
            throw new InvalidPublicValueException(method + " public value out of range");
        }
        return pad(y.modPow(privateKey, p));
    }
}
