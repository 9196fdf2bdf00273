package net.vpnaas.ike.config;

import java.util.ArrayList;
import java.util.List;
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
 * ESP: {@code aes256gcm16-esn}, {@code aes128-sha256-x25519}. Tokens: ciphers, integrity, PRFs, groups, esn/noesn.
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
        return new IkeProposalConfig(t.ciphers, t.integrity, prfs, t.groups);
    }

    public static EspProposalConfig esp(String text) {
        Tokens t = parse(text);
        if (!t.prfs.isEmpty()) throw new IllegalArgumentException("ESP proposal with a PRF: " + text);
        return new EspProposalConfig(t.ciphers, t.integrity, t.groups, t.esn);
    }

    private static final class Tokens {
        final List<CipherChoice> ciphers = new ArrayList<>();
        final List<IntegrityAlgorithm> integrity = new ArrayList<>();
        final List<PrfAlgorithm> prfs = new ArrayList<>();
        final List<KeyExchangeMethod> groups = new ArrayList<>();
        boolean esn;
    }

    private static Tokens parse(String text) {
        Tokens t = new Tokens();
        for (String token : text.trim().toLowerCase().split("-")) {
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
                case "modp2048" -> t.groups.add(KeyExchangeMethod.MODP_2048);
                case "modp3072" -> t.groups.add(KeyExchangeMethod.MODP_3072);
                case "modp4096" -> t.groups.add(KeyExchangeMethod.MODP_4096);
                case "ecp256" -> t.groups.add(KeyExchangeMethod.ECP_256);
                case "ecp384" -> t.groups.add(KeyExchangeMethod.ECP_384);
                case "ecp521" -> t.groups.add(KeyExchangeMethod.ECP_521);
                case "x25519", "curve25519" -> t.groups.add(KeyExchangeMethod.CURVE25519);
                case "x448", "curve448" -> t.groups.add(KeyExchangeMethod.CURVE448);
                case "esn" -> t.esn = true;
                case "noesn" -> t.esn = false;
                default -> throw new IllegalArgumentException("unknown proposal token '" + token + "' in " + text);
            }
        }
        return t;
    }

    private static PrfAlgorithm prfFor(IntegrityAlgorithm i) {
        return switch (i) {
            case HMAC_SHA2_256_128 -> PrfAlgorithm.HMAC_SHA2_256;
            case HMAC_SHA2_384_192 -> PrfAlgorithm.HMAC_SHA2_384;
            case HMAC_SHA2_512_256 -> PrfAlgorithm.HMAC_SHA2_512;
        };
    }
}
