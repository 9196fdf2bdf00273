package net.vpnaas.ike.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import net.vpnaas.ike.config.AdditionalKeyExchangeConfig;
import net.vpnaas.ike.config.EspProposalConfig;
import net.vpnaas.ike.config.IkeProposalConfig;
import net.vpnaas.ike.crypto.IntegrityAlgorithm;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.EsnMode;
import net.vpnaas.ike.message.Proposal;
import net.vpnaas.ike.message.ProtocolId;
import net.vpnaas.ike.message.Transform;
import net.vpnaas.ike.message.TransformType;
import net.vpnaas.ike.sa.AdditionalKeyExchange;
import net.vpnaas.ike.sa.ChildAlgorithms;
import net.vpnaas.ike.sa.CipherChoice;
import net.vpnaas.ike.sa.IkeAlgorithms;

/**
 * Turns configured proposals into SA payload proposals and picks one from a peer's offer.
 * Selection follows local policy order: our first proposal that has a match wins, and within it our
 * preference order of each transform type, whatever order the peer listed them in.
 */
public final class ProposalSelection {

    private ProposalSelection() {}

    /** A choice plus the peer's proposal it came from (its number and SPI go into our answer). */
    public record Selected<A>(A algorithms, Proposal peerProposal) {}

    /**
     * @param additional whether to offer the configured additional key exchanges: in IKE_SA_INIT when the
     *                   peer may answer with IKE_INTERMEDIATE, and in an IKE SA rekey (IKE_FOLLOWUP_KE)
     */
    public static List<Proposal> offerIke(List<IkeProposalConfig> configs, Bytes spi, boolean additional) {
        List<Proposal> out = new ArrayList<>();
        int n = 1;
        for (IkeProposalConfig c : configs) {
            List<Transform> t = new ArrayList<>();
            c.ciphers().forEach(x -> t.add(encryption(x)));
            c.prfs().forEach(x -> t.add(Transform.prf(net.vpnaas.ike.message.PrfAlgorithm.of(x.id()))));
            c.integrity().forEach(x -> t.add(Transform.integrity(net.vpnaas.ike.message.IntegrityAlgorithm.of(x.id()))));
            c.groups().forEach(x -> t.add(Transform.keyExchange(net.vpnaas.ike.message.KeyExchangeMethod.of(x.id()))));
            if (additional) offerAdditional(c.additional(), t);
            out.add(Proposal.of(n++, ProtocolId.IKE, spi, t));
        }
        return out;
    }

    /** ADDKE transforms per configured additional key exchange, NONE last where the exchange is optional. */
    private static void offerAdditional(List<AdditionalKeyExchangeConfig> additional, List<Transform> t) {
        for (AdditionalKeyExchangeConfig a : additional) {
            TransformType type = additionalType(a.number());
            a.methods().forEach(x -> t.add(Transform.of(type, net.vpnaas.ike.message.KeyExchangeMethod.of(x.id()))));
            if (a.optional()) t.add(Transform.of(type, net.vpnaas.ike.message.KeyExchangeMethod.NONE));
        }
    }

    /** Whether any proposal offers additional key exchanges: then IKE_SA_INIT announces IKE_INTERMEDIATE. */
    public static boolean offersAdditional(List<IkeProposalConfig> configs) {
        return configs.stream().anyMatch(c -> !c.additional().isEmpty());
    }

    public static List<Proposal> offerEsp(List<EspProposalConfig> configs, Bytes spi, boolean withKeyExchange) {
        List<Proposal> out = new ArrayList<>();
        int n = 1;
        for (EspProposalConfig c : configs) {
            List<Transform> t = new ArrayList<>();
            c.ciphers().forEach(x -> t.add(encryption(x)));
            c.integrity().forEach(x -> t.add(Transform.integrity(net.vpnaas.ike.message.IntegrityAlgorithm.of(x.id()))));
            if (withKeyExchange) {
                c.pfsGroups().forEach(x -> t.add(Transform.keyExchange(net.vpnaas.ike.message.KeyExchangeMethod.of(x.id()))));
                offerAdditional(c.additional(), t);
            }
            t.add(Transform.esn(c.esn() ? EsnMode.ESN : EsnMode.NO_ESN));
            out.add(Proposal.of(n++, ProtocolId.ESP, spi, t));
        }
        return out;
    }

    /** The single proposal a responder answers with: exactly the chosen transforms. */
    public static Proposal answerIke(IkeAlgorithms a, int number, Bytes spi) {
        List<Transform> t = new ArrayList<>();
        t.add(encryption(a.cipher()));
        t.add(Transform.prf(net.vpnaas.ike.message.PrfAlgorithm.of(a.prf().id())));
        if (a.integrity() != null) t.add(Transform.integrity(net.vpnaas.ike.message.IntegrityAlgorithm.of(a.integrity().id())));
        t.add(Transform.keyExchange(net.vpnaas.ike.message.KeyExchangeMethod.of(a.keyExchange().id())));
        answerAdditional(a.additional(), t);
        return Proposal.of(number, ProtocolId.IKE, spi, t);
    }

    public static Proposal answerEsp(ChildAlgorithms a, int number, Bytes spi) {
        List<Transform> t = new ArrayList<>();
        t.add(encryption(a.cipher()));
        if (a.integrity() != null) t.add(Transform.integrity(net.vpnaas.ike.message.IntegrityAlgorithm.of(a.integrity().id())));
        if (a.pfsGroup() != null) t.add(Transform.keyExchange(net.vpnaas.ike.message.KeyExchangeMethod.of(a.pfsGroup().id())));
        answerAdditional(a.additional(), t);
        t.add(Transform.esn(a.esn() ? EsnMode.ESN : EsnMode.NO_ESN));
        return Proposal.of(number, ProtocolId.ESP, spi, t);
    }

    /** ADDKE types where NONE was chosen are left out, which RFC 9370 reads as NONE. */
    private static void answerAdditional(List<AdditionalKeyExchange> chosen, List<Transform> t) {
        for (AdditionalKeyExchange x : chosen) {
            t.add(Transform.of(additionalType(x.number()), net.vpnaas.ike.message.KeyExchangeMethod.of(x.method().id())));
        }
    }

    private static Transform encryption(CipherChoice c) {
        var alg = net.vpnaas.ike.message.EncryptionAlgorithm.of(c.algorithm().id());
        return c.algorithm().needsKeyLengthAttribute() ? Transform.encryption(alg, c.keyBits()) : Transform.encryption(alg);
    }

    /**
     * @param additional whether additional key exchanges may be negotiated (IKE_SA_INIT with both sides
     *                   announcing IKE_INTERMEDIATE); without, a proposal matches only if it lets us skip them
     */
    public static Optional<Selected<IkeAlgorithms>> selectIke(List<IkeProposalConfig> local, List<Proposal> offered,
                                                             boolean additional) {
        for (IkeProposalConfig mine : local) {
            for (Proposal theirs : offered) {
                if (theirs.protocolIdCode() != ProtocolId.IKE.code()) continue;
                Optional<CipherChoice> cipher = pickCipher(mine.ciphers(), theirs);
                Optional<PrfAlgorithm> prf = pick(mine.prfs(), theirs, TransformType.PRF, PrfAlgorithm::id);
                Optional<KeyExchangeMethod> group = pick(mine.groups(), theirs, TransformType.KEY_EXCHANGE, KeyExchangeMethod::id);
                if (cipher.isEmpty() || prf.isEmpty() || group.isEmpty()) continue;
                IntegrityAlgorithm integ = null;
                if (!cipher.get().algorithm().aead()) {
                    Optional<IntegrityAlgorithm> i = pick(mine.integrity(), theirs, TransformType.INTEGRITY, IntegrityAlgorithm::id);
                    if (i.isEmpty()) continue;
                    integ = i.get();
                } else if (!theirs.transforms(TransformType.INTEGRITY).stream().allMatch(t -> t.idCode() == 0)) {
                    continue; // an AEAD cipher must not come with an integrity algorithm (RFC 5282 8)
                }
                Optional<List<AdditionalKeyExchange>> extra = pickAdditional(additional ? mine.additional() : List.of(), theirs);
                if (extra.isEmpty()) continue;
                return Optional.of(new Selected<>(new IkeAlgorithms(cipher.get(), integ, prf.get(), group.get(), extra.get()), theirs));
            }
        }
        return Optional.empty();
    }

    /**
     * @param keyExchangeGroup the group of the KE payload in the request, or null without one; a
     *                         proposal that carries KE transforms matches only if that group is among them
     */
    public static Optional<Selected<ChildAlgorithms>> selectEsp(List<EspProposalConfig> local, List<Proposal> offered,
                                                               KeyExchangeMethod keyExchangeGroup) {
        for (EspProposalConfig mine : local) {
            for (Proposal theirs : offered) {
                if (theirs.protocolIdCode() != ProtocolId.ESP.code() || theirs.spi().length() != 4) continue;
                // Additional key exchanges follow a PFS key exchange in IKE_FOLLOWUP_KE; without a KE payload
                // (IKE_AUTH, or a CREATE_CHILD_SA without PFS) a proposal matches only if they may be skipped.
                Optional<List<AdditionalKeyExchange>> extra = pickAdditional(keyExchangeGroup != null ? mine.additional() : List.of(), theirs);
                if (extra.isEmpty()) continue;
                Optional<CipherChoice> cipher = pickCipher(mine.ciphers(), theirs);
                if (cipher.isEmpty()) continue;
                IntegrityAlgorithm integ = null;
                if (!cipher.get().algorithm().aead()) {
                    Optional<IntegrityAlgorithm> i = pick(mine.integrity(), theirs, TransformType.INTEGRITY, IntegrityAlgorithm::id);
                    if (i.isEmpty()) continue;
                    integ = i.get();
                }
                List<Transform> esnOffered = theirs.transforms(TransformType.EXTENDED_SEQUENCE_NUMBERS);
                boolean esn;
                if (esnOffered.stream().anyMatch(t -> t.idCode() == (mine.esn() ? 1 : 0))) esn = mine.esn();
                else if (esnOffered.isEmpty() && !mine.esn()) esn = false;
                else continue;
                KeyExchangeMethod pfs = null;
                List<Transform> groups = theirs.transforms(TransformType.KEY_EXCHANGE);
                if (keyExchangeGroup != null) {
                    boolean theyOffer = groups.stream().anyMatch(t -> t.idCode() == keyExchangeGroup.id());
                    if (!theyOffer || !mine.pfsGroups().contains(keyExchangeGroup)) continue;
                    pfs = keyExchangeGroup;
                } else if (!mine.pfsGroups().isEmpty() && !groups.isEmpty()) {
                    continue; // both want PFS but the request carried no KE payload
                }
                return Optional.of(new Selected<>(new ChildAlgorithms(cipher.get(), integ, esn, pfs, extra.get()), theirs));
            }
        }
        return Optional.empty();
    }

    /**
     * One choice per ADDKE type (RFC 9370): our preferred method the peer offers; else NONE if
     * both allow it (we marked it optional or configured none, and the peer offered NONE or nothing of
     * that type). Empty when some type has no common choice. NONE choices are left out of the result.
     */
    private static Optional<List<AdditionalKeyExchange>> pickAdditional(List<AdditionalKeyExchangeConfig> mine, Proposal theirs) {
        List<AdditionalKeyExchange> chosen = new ArrayList<>();
        for (int number = 1; number <= AdditionalKeyExchangeConfig.MAX; number++) {
            int n = number;
            Optional<AdditionalKeyExchangeConfig> ours = mine.stream().filter(a -> a.number() == n).findFirst();
            List<Transform> offered = theirs.transforms(additionalType(number));
            if (offered.stream().anyMatch(t -> !t.attributes().isEmpty())) return Optional.empty();
            Optional<KeyExchangeMethod> method = ours.flatMap(a -> a.methods().stream()
                    .filter(m -> offered.stream().anyMatch(t -> t.idCode() == m.id())).findFirst());
            if (method.isPresent()) {
                chosen.add(new AdditionalKeyExchange(number, method.get()));
                continue;
            }
            boolean weMaySkip = ours.isEmpty() || ours.get().optional();
            boolean theyMaySkip = offered.isEmpty() || offered.stream().anyMatch(t -> t.idCode() == 0);
            if (!weMaySkip || !theyMaySkip) return Optional.empty();
        }
        return Optional.of(chosen);
    }

    private static TransformType additionalType(int number) {
        return TransformType.of(TransformType.ADDITIONAL_KEY_EXCHANGE_1.code() + number - 1);
    }

    private static Optional<CipherChoice> pickCipher(List<CipherChoice> mine, Proposal theirs) {
        for (CipherChoice c : mine) {
            for (Transform t : theirs.transforms(TransformType.ENCRYPTION)) {
                if (t.idCode() != c.algorithm().id()) continue;
                OptionalInt bits = t.keyLength();
                if (c.algorithm().needsKeyLengthAttribute() ? bits.isPresent() && bits.getAsInt() == c.keyBits() : bits.isEmpty()) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    private static <T> Optional<T> pick(List<T> mine, Proposal theirs, TransformType type, java.util.function.ToIntFunction<T> id) {
        for (T m : mine) {
            for (Transform t : theirs.transforms(type)) {
                if (t.idCode() == id.applyAsInt(m) && t.attributes().isEmpty()) return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The first group of our first proposal: what the initiator guesses for its KE payload. */
    public static KeyExchangeMethod preferredGroup(List<IkeProposalConfig> configs) {
        return configs.getFirst().groups().getFirst();
    }

    public static boolean acceptsGroup(List<IkeProposalConfig> configs, KeyExchangeMethod group) {
        return configs.stream().anyMatch(c -> c.groups().contains(group));
    }

}
