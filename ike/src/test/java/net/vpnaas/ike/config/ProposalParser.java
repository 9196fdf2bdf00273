package net.vpnaas.ike.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import net.vpnaas.ike.crypto.EncryptionAlgorithm;
import net.vpnaas.ike.crypto.IntegrityAlgorithm;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.sa.CipherChoice;

/**
 * Test sources only: the proposal text of the engine's test tool ({@code IkeMain}'s connection
 * files) and of the engine tests, where one string configures both our engine and a strongSwan
 * peer. The product's proposal grammar is tenant-model's {@code ProposalParser}; gateway-agent
 * builds the engine's proposals from its typed values, never from text. Reads swanctl syntax: {@code aes256gcm16-prfsha256-x25519}, {@code aes128-sha256-modp2048}, {@code chacha20poly1305-ecp256},
 * ESP: {@code aes256gcm16-esn}, {@code aes128-sha256-x25519}, {@code aes256gcm16-x25519-ke1_mlkem768}. Tokens: ciphers, integrity, PRFs, groups, esn/noesn,
 * and RFC 9370 additional key exchanges as strongSwan 6 writes them: {@code ke1_mlkem768}, {@code ke2_none}.
 */
public final class ProposalParser {

    private ProposalParser() {}

    public static IkeProposalConfig ike(String text) {
        Tokens t = parse(text);
        List<PrfAlgorithm> prfs = t.prfs;
        if (prfs.isEmpty()) {
            // swanctl: without an explicit PRF, the integrity algorithms' PRF counterparts are used.
            for (IntegrityAlgorithm i : t.integrity) prfs.add(prfFor(i));
        }
        return new IkeProposalConfig(t.ciphers, t.integrity, prfs, t.groups, additional(t));
    }

    private static List<AdditionalKeyExchangeConfig> additional(Tokens t) {
        List<AdditionalKeyExchangeConfig> additional = new ArrayList<>();
        t.additional.forEach((number, methods) -> additional.add(
                new AdditionalKeyExchangeConfig(number, methods, t.optionalAdditional.contains(number))));
        return additional;
    }

    public static EspProposalConfig esp(String text) {
        Tokens t = parse(text);
        if (!t.prfs.isEmpty()) throw new IllegalArgumentException("ESP proposal with a PRF: " + text);
        return new EspProposalConfig(t.ciphers, t.integrity, t.groups, t.esn, additional(t));
    }

    private static final class Tokens {
        final List<CipherChoice> ciphers = new ArrayList<>();
        final List<IntegrityAlgorithm> integrity = new ArrayList<>();
        final List<PrfAlgorithm> prfs = new ArrayList<>();
        final List<KeyExchangeMethod> groups = new ArrayList<>();
        final SortedMap<Integer, List<KeyExchangeMethod>> additional = new TreeMap<>();
        final Set<Integer> optionalAdditional = new HashSet<>();
        boolean esn;
    }

    private static Tokens parse(String text) {
        Tokens t = new Tokens();
        for (String token : text.trim().toLowerCase().split("-")) {
            if (token.matches("ke[1-7]_.+")) {
                int number = token.charAt(2) - '0';
                String method = token.substring(4);
                if (method.equals("none")) t.optionalAdditional.add(number);
                else t.additional.computeIfAbsent(number, n -> new ArrayList<>()).add(group(method, text));
                continue;
            }
            if (token.matches("x25519|curve25519|x448|curve448|modp\\d+|ecp\\d+|mlkem\\d+")) {
                t.groups.add(group(token, text));
                continue;
            }
            switch (token) {
                case "aes128" -> t.ciphers.add(new CipherChoice(EncryptionAlgorithm.AES_CBC, 128));
                case "aes192" -> t.ciphers.add(new CipherChoice(EncryptionAlgorithm.AES_CBC, 192));
                case "aes256" -> t.ciphers.add(new CipherChoice(EncryptionAlgorithm.AES_CBC, 256));
                case "aes128gcm16", "aes128gcm128" -> t.ciphers.add(new CipherChoice(EncryptionAlgorithm.AES_GCM_16, 128));
                case "aes192gcm16", "aes192gcm128" -> t.ciphers.add(new CipherChoice(EncryptionAlgorithm.AES_GCM_16, 192));
                case "aes256gcm16", "aes256gcm128" -> t.ciphers.add(new CipherChoice(EncryptionAlgorithm.AES_GCM_16, 256));
                case "chacha20poly1305" -> t.ciphers.add(new CipherChoice(EncryptionAlgorithm.CHACHA20_POLY1305, 256));
                case "sha256", "sha2_256" -> t.integrity.add(IntegrityAlgorithm.HMAC_SHA2_256_128);
                case "sha384", "sha2_384" -> t.integrity.add(IntegrityAlgorithm.HMAC_SHA2_384_192);
                case "sha512", "sha2_512" -> t.integrity.add(IntegrityAlgorithm.HMAC_SHA2_512_256);
                case "prfsha1" -> t.prfs.add(PrfAlgorithm.HMAC_SHA1);
                case "prfsha256" -> t.prfs.add(PrfAlgorithm.HMAC_SHA2_256);
                case "prfsha384" -> t.prfs.add(PrfAlgorithm.HMAC_SHA2_384);
                case "prfsha512" -> t.prfs.add(PrfAlgorithm.HMAC_SHA2_512);
                case "esn" -> t.esn = true;
                case "noesn" -> t.esn = false;
                default -> throw new IllegalArgumentException("unknown proposal token '" + token + "' in " + text);
            }
        }
        return t;
    }

    private static KeyExchangeMethod group(String token, String text) {
        return switch (token) {
            case "modp2048" -> KeyExchangeMethod.MODP_2048;
            case "modp3072" -> KeyExchangeMethod.MODP_3072;
            case "modp4096" -> KeyExchangeMethod.MODP_4096;
            case "ecp256" -> KeyExchangeMethod.ECP_256;
            case "ecp384" -> KeyExchangeMethod.ECP_384;
            case "ecp521" -> KeyExchangeMethod.ECP_521;
            case "x25519", "curve25519" -> KeyExchangeMethod.CURVE25519;
            case "x448", "curve448" -> KeyExchangeMethod.CURVE448;
            case "mlkem512" -> KeyExchangeMethod.ML_KEM_512;
            case "mlkem768" -> KeyExchangeMethod.ML_KEM_768;
            case "mlkem1024" -> KeyExchangeMethod.ML_KEM_1024;
            default -> throw new IllegalArgumentException("unknown key exchange method '" + token + "' in " + text);
        };
    }

    private static PrfAlgorithm prfFor(IntegrityAlgorithm i) {
        return switch (i) {
            case HMAC_SHA2_256_128 -> PrfAlgorithm.HMAC_SHA2_256;
            case HMAC_SHA2_384_192 -> PrfAlgorithm.HMAC_SHA2_384;
            case HMAC_SHA2_512_256 -> PrfAlgorithm.HMAC_SHA2_512;
        };
    }
}
