package net.vpnaas.ike.auth;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The PRF the tests hand to this package: PRF_HMAC_SHA2_256 through javax.crypto. */
final class HmacSha256 implements Prf {
    static final HmacSha256 PRF = new HmacSha256();

    @Override
    public byte[] compute(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
