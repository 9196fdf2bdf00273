package net.vpnaas.ike.auth;

import java.util.Arrays;
import net.vpnaas.ike.message.AuthMethod;

/**
 * The content of an AUTH payload after its generic header: the method number (kept raw, so a value
 * unknown to the {@link AuthMethod} registry can still be reported) and the authentication data. The three
 * reserved octets between them are the codec's business.
 */
public record AuthData(int method, byte[] data) {
    public AuthData {
        if (method < 0 || method > 255) throw new IllegalArgumentException("auth method out of range: " + method);
        data = data.clone();
    }

    public AuthData(AuthMethod method, byte[] data) {
        this(method.code(), data);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthData other && other.method == method && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * method + Arrays.hashCode(data);
    }

    /** Length only: a logged shared-key MIC, with the signed octets, would be a dictionary-attack target. */
    @Override
    public String toString() {
        return "AuthData[method=" + method + ", " + data.length + " octets]";
    }
}
