package net.vpnaas.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.vpnaas.model.crypto.WeakTransform;

/**
 * One proposal parsed from a strongSwan-style string such as {@code aes256gcm16-prfsha384-x25519}:
 * algorithms joined by '-', several of one kind meaning "any of these".
 */
public record Proposal(String text, List<Transform> encryption, List<Transform> integrity,
                       List<Transform> prf, List<Transform> keyExchange) {

    public Proposal {
        encryption = List.copyOf(encryption);
        integrity = List.copyOf(integrity);
        prf = List.copyOf(prf);
        keyExchange = List.copyOf(keyExchange);
    }

    public boolean aead() {
        return encryption.getFirst().type() == Transform.Type.AEAD;
    }

    /**
     * An IKE SA proposal: encryption, a key exchange, and a PRF for AEAD or integrity otherwise (the PRF
     * of a non-AEAD proposal may be left out: it follows the integrity algorithm, as in strongSwan).
     */
    public static Proposal parseIke(String text) {
        Proposal p = split(text);
        if (p.keyExchange.isEmpty()) throw new IllegalArgumentException("'" + text + "' needs a key exchange method (e.g. x25519)");
        if (p.aead() && p.prf.isEmpty()) throw new IllegalArgumentException("'" + text + "' needs a PRF (e.g. prfsha384) with an AEAD cipher");
        return p;
    }

    /**
     * An ESP proposal: encryption, plus integrity unless AEAD. PFS groups and ESN are not written here
     * but in the policy's pfsGroup and esn fields, so each setting has exactly one place.
     */
    public static Proposal parseEsp(String text) {
        Proposal p = split(text);
        if (!p.prf.isEmpty()) throw new IllegalArgumentException("'" + text + "': ESP proposals take no PRF");
        if (!p.keyExchange.isEmpty()) throw new IllegalArgumentException("'" + text + "': put the PFS group in pfsGroup, not in espProposals");
        return p;
    }

    private static Proposal split(String text) {
        List<Transform> enc = new ArrayList<>();
        List<Transform> integ = new ArrayList<>();
        List<Transform> prf = new ArrayList<>();
        List<Transform> ke = new ArrayList<>();
        for (String token : text.strip().split("-", -1)) {
            if (token.equalsIgnoreCase("esn") || token.equalsIgnoreCase("noesn")) {
                throw new IllegalArgumentException("'" + text + "': set extended sequence numbers with the esn field, not in the proposal");
            }
            Transform t = Transform.byKeyword(token).orElseThrow(() -> new IllegalArgumentException("'" + text + "': "
                    + WeakTransform.byToken(token.toLowerCase(Locale.ROOT)).map(w -> w.refusal(token))
                            .orElseGet(() -> "unknown algorithm '" + token + "'")));
            switch (t.type()) {
                case ENCRYPTION, AEAD -> enc.add(t);
                case INTEGRITY -> integ.add(t);
                case PRF -> prf.add(t);
                case KEY_EXCHANGE -> ke.add(t);
            }
        }
        if (enc.isEmpty()) throw new IllegalArgumentException("'" + text + "' needs an encryption algorithm");
        boolean aead = enc.getFirst().type() == Transform.Type.AEAD;
        if (enc.stream().anyMatch(t -> (t.type() == Transform.Type.AEAD) != aead)) {
            throw new IllegalArgumentException("'" + text + "' mixes AEAD and non-AEAD ciphers; write two proposals");
        }
        if (aead && !integ.isEmpty()) throw new IllegalArgumentException("'" + text + "': an AEAD cipher takes no integrity algorithm");
        if (!aead && integ.isEmpty()) throw new IllegalArgumentException("'" + text + "' needs an integrity algorithm (e.g. sha256)");
        return new Proposal(text, enc, integ, prf, ke);
    }

    @Override
    public String toString() {
        return text;
    }
}
