package net.vpnaas.ike.cli;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import net.vpnaas.ike.config.Identity;

/**
 * Identities in strongSwan's notation for the engine's test tool ({@link ConnectionFile}) and
 * tests: an IP literal is ID_IPV4_ADDR / ID_IPV6_ADDR, {@code user@host} is ID_RFC822_ADDR,
 * {@code @host} or a plain name is ID_FQDN, {@code @#hex} is ID_KEY_ID. The product's identity
 * grammar is tenant-model's {@code IkeIdentity}; gateway-agent maps it to {@link Identity}.
 */
public final class IdentityText {

    private IdentityText() {}

    public static Identity parse(String text) {
        if (text.startsWith("@#")) return new Identity(Identity.ID_KEY_ID, HexFormat.of().parseHex(text.substring(2)));
        if (text.startsWith("@")) return new Identity(Identity.ID_FQDN, text.substring(1).getBytes(StandardCharsets.US_ASCII));
        if (text.contains("@")) return new Identity(Identity.ID_RFC822_ADDR, text.getBytes(StandardCharsets.US_ASCII));
        if (text.matches("[0-9.]+") || text.contains(":")) {
            try {
                InetAddress a = InetAddress.ofLiteral(text);
                return new Identity(a instanceof Inet4Address ? Identity.ID_IPV4_ADDR : Identity.ID_IPV6_ADDR, a.getAddress());
            } catch (IllegalArgumentException e) {
                // not an address after all: fall through to FQDN
            }
        }
        return new Identity(Identity.ID_FQDN, text.getBytes(StandardCharsets.US_ASCII));
    }
}
