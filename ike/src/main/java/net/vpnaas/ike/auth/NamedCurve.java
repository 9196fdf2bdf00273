package net.vpnaas.ike.auth;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Optional;

/** The NIST curves the classic ECDSA AUTH methods (RFC 4754) are bound to. */
public enum NamedCurve {
    P256("secp256r1", 32),
    P384("secp384r1", 48),
    P521("secp521r1", 66);

    private final ECParameterSpec spec;
    private final int fieldLength;

    NamedCurve(String jcaName, int fieldLength) {
        this.spec = parameters(jcaName);
        this.fieldLength = fieldLength;
    }

    /** Octets of r (and of s) in the raw r|s signature format of RFC 4754. */
    int fieldLength() {
        return fieldLength;
    }

    /** Empty for any other curve (brainpool, ...). Compares the curve and the order, not names. */
    public static Optional<NamedCurve> of(ECKey key) {
        ECParameterSpec p = key.getParams();
        for (NamedCurve c : values()) {
            if (c.spec.getCurve().equals(p.getCurve()) && c.spec.getOrder().equals(p.getOrder())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static ECParameterSpec parameters(String jcaName) {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(jcaName));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e); // the JDK always has these three curves
        }
    }
}
