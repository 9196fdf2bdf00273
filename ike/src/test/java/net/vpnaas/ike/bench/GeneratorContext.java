package net.vpnaas.ike.bench;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import net.vpnaas.ike.config.AdditionalKeyExchangeConfig;
import net.vpnaas.ike.config.IkeProposalConfig;
import net.vpnaas.ike.crypto.KeyExchange;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.task.ProposalSelection;

/**
 * What all handshakes of one load generator share. To keep the generator cheap (it has one core, like
 * the responder) it reuses ONE initiator key-exchange key pair for every handshake (so it computes
 * one X25519 agreement per handshake instead of a key generation plus an agreement), draws nonces,
 * SPIs and IVs from a fast non-cryptographic random source, and validates the responder's certificate
 * once. None of this changes what the responder has to do: its own key pair, nonce, key schedule,
 * AUTH and Child SA are fresh in every handshake.
 */
final class GeneratorContext {
    private final InitiatorProfile profile;
    private final RandomSource random = out -> ThreadLocalRandom.current().nextBytes(out);
    private final KeyExchange keyExchange;
    private final byte[] publicValue;
    /** The additional key exchanges' initiator sides by method, each with its encapsulation key. */
    private final Map<KeyExchangeMethod, KeyExchange> additional = new HashMap<>();
    private final Map<KeyExchangeMethod, byte[]> additionalPublicValues = new HashMap<>();
    private final byte[] certificateDer;
    private final byte[] caKeyHash;
    private volatile Validated validated;

    private record Validated(byte[] der, X509Certificate certificate) {}

    GeneratorContext(InitiatorProfile profile) {
        this.profile = profile;
        this.keyExchange = ProposalSelection.preferredGroup(profile.ike()).newKeyExchange(random);
        this.publicValue = keyExchange.publicValue();
        for (IkeProposalConfig c : profile.ike()) {
            for (AdditionalKeyExchangeConfig a : c.additional()) {
                for (KeyExchangeMethod m : a.methods()) {
                    KeyExchange k = additional.computeIfAbsent(m, x -> x.newKeyExchange(random));
                    additionalPublicValues.computeIfAbsent(m, x -> k.publicValue());
                }
            }
        }
        if (profile.credentials() instanceof InitiatorProfile.Credentials.Certificate c) {
            try {
                this.certificateDer = c.certificate().getEncoded();
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException(e);
            }
            this.caKeyHash = c.caKeyHash();
        } else {
            this.certificateDer = null;
            this.caKeyHash = null;
        }
    }

    InitiatorProfile profile() {
        return profile;
    }

    RandomSource random() {
        return random;
    }

    KeyExchange keyExchange() {
        return keyExchange;
    }

    byte[] publicValue() {
        return publicValue;
    }

    /** Our side of an additional key exchange with {@code method} (one of those offered). */
    KeyExchange additional(KeyExchangeMethod method) {
        return additional.get(method);
    }

    byte[] additionalPublicValue(KeyExchangeMethod method) {
        return additionalPublicValues.get(method);
    }

    byte[] certificateDer() {
        return certificateDer;
    }

    byte[] caKeyHash() {
        return caKeyHash;
    }

    X509Certificate validatedResponderCertificate(byte[] der) {
        Validated v = validated;
        return v != null && Arrays.equals(der, v.der()) ? v.certificate() : null;
    }

    void rememberResponderCertificate(byte[] der, X509Certificate certificate) {
        validated = new Validated(der, certificate);
    }
}
