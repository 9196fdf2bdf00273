package net.vpnaas.model.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses strongSwan-style proposal strings such as {@code aes256gcm16-prfsha384-x25519} or
 * {@code aes128-sha256-modp2048}: dash-separated tokens, each naming one transform we support.
 * Rules follow RFC 7296 and strongSwan: AEAD and non-AEAD ciphers are not mixed in one proposal,
 * AEAD proposals carry no integrity transform, non-AEAD ones need one, and ESP proposals have no PRF.
 * IKE proposals may add key exchanges (RFC 9370) as strongSwan writes them: {@code ke1_mlkem768} up
 * to {@code ke7_...}, alternatives as further tokens of one number, {@code keN_none} to make one optional.
 */
public final class ProposalParser {
    public enum Protocol { IKE, ESP }

    private static final Map<String, EncryptionAlgorithm> ENCRYPTIONS = index(EncryptionAlgorithm.values(), EncryptionAlgorithm::token);
    private static final Map<String, IntegrityAlgorithm> INTEGRITIES = index(IntegrityAlgorithm.values(), IntegrityAlgorithm::token);
    private static final Map<String, PseudoRandomFunction> PRFS = index(PseudoRandomFunction.values(), PseudoRandomFunction::token);
    private static final Map<String, KeyExchangeMethod> KES = index(KeyExchangeMethod.values(), KeyExchangeMethod::token);
    private static final Pattern ADDITIONAL = Pattern.compile("ke(\\d+)_(.*)");

    private ProposalParser() {}

    /** Thrown with a message naming the offending token. */
    public static final class InvalidProposalException extends IllegalArgumentException {
        InvalidProposalException(String message) {
            super(message);
        }
    }

    public static Proposal parse(Protocol protocol, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidProposalException("must not be empty");
        }
        List<EncryptionAlgorithm> encryptions = new ArrayList<>();
        List<IntegrityAlgorithm> integrities = new ArrayList<>();
        List<PseudoRandomFunction> prfs = new ArrayList<>();
        List<KeyExchangeMethod> kes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<Integer, List<KeyExchangeMethod>> additional = new TreeMap<>();
        Set<Integer> optional = new HashSet<>();
        for (String token : text.split("-", -1)) {
            if (!seen.add(token)) {
                throw new InvalidProposalException("transform '" + token + "' appears twice");
            }
            if (ENCRYPTIONS.containsKey(token)) {
                encryptions.add(ENCRYPTIONS.get(token));
            } else if (INTEGRITIES.containsKey(token)) {
                integrities.add(INTEGRITIES.get(token));
            } else if (PRFS.containsKey(token)) {
                if (protocol == Protocol.ESP) {
                    throw new InvalidProposalException("'" + token + "': ESP proposals have no PRF");
                }
                prfs.add(PRFS.get(token));
            } else if (KES.containsKey(token)) {
                if (KES.get(token) == KeyExchangeMethod.QKD) {
                    throw new InvalidProposalException("'qkd' only as an additional key exchange (ke1_qkd), never in IKE_SA_INIT,"
                            + " where a responder would take a QKD key for every request, spoofed ones included");
                }
                kes.add(KES.get(token));
            } else if (ADDITIONAL.matcher(token).matches()) {
                additional(protocol, token, additional, optional);
            } else if (token.equals("esn") || token.equals("noesn")) {
                throw new InvalidProposalException("'" + token + "': extended sequence numbers are the policy's esn field, not part of a proposal");
            } else {
                throw new InvalidProposalException(WeakTransform.byToken(token).map(w -> refusedAsWeak(token, w))
                        .orElseGet(() -> "unknown transform '" + token + "'; supported: " + supportedTokens(protocol)));
            }
        }
        if (encryptions.isEmpty()) {
            throw new InvalidProposalException("needs an encryption algorithm");
        }
        boolean aead = encryptions.getFirst().isAead();
        if (encryptions.stream().anyMatch(e -> e.isAead() != aead)) {
            throw new InvalidProposalException("mixes AEAD and non-AEAD encryption algorithms");
        }
        if (aead && !integrities.isEmpty()) {
            throw new InvalidProposalException("AEAD algorithms take no integrity algorithm");
        }
        if (!aead && integrities.isEmpty()) {
            throw new InvalidProposalException("non-AEAD encryption needs an integrity algorithm (sha256, sha384, sha512)");
        }
        if (protocol == Protocol.IKE) {
            if (prfs.isEmpty()) {
                if (aead) {
                    throw new InvalidProposalException("AEAD IKE proposals need a PRF (prfsha256, prfsha384, prfsha512)");
                }
                integrities.stream().map(IntegrityAlgorithm::matchingPrf).distinct().forEach(prfs::add);
            }
            if (kes.isEmpty()) {
                throw new InvalidProposalException("IKE proposals need a key exchange method");
            }
        }
        return new Proposal(encryptions, integrities, prfs, kes, additionalKeyExchanges(additional, optional));
    }

    /** The {@code keN_} tokens collected per number, into additional key exchanges in ascending number. */
    private static List<AdditionalKeyExchange> additionalKeyExchanges(Map<Integer, List<KeyExchangeMethod>> additional,
                                                                      Set<Integer> optional) {
        List<AdditionalKeyExchange> out = new ArrayList<>();
        for (var e : additional.entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new InvalidProposalException("'ke" + e.getKey() + "_none' alone: ke" + e.getKey()
                        + " needs a key exchange method, none only makes it optional");
            }
            out.add(new AdditionalKeyExchange(e.getKey(), e.getValue(), optional.contains(e.getKey())));
        }
        return out;
    }

    /** One {@code keN_method} or {@code keN_none} token into its additional key exchange. */
    private static void additional(Protocol protocol, String token, Map<Integer, List<KeyExchangeMethod>> additional,
                                   Set<Integer> optional) {
        if (protocol == Protocol.ESP) {
            throw new InvalidProposalException("'" + token + "': additional key exchanges (RFC 9370) of Child SAs go in pfsGroup"
                    + " (e.g. x25519-" + token + "), not in ESP proposals");
        }
        Matcher m = ADDITIONAL.matcher(token);
        m.matches();
        int number = m.group(1).length() == 1 ? m.group(1).charAt(0) - '0' : 0;
        if (number < 1 || number > AdditionalKeyExchange.MAX) {
            throw new InvalidProposalException("'" + token + "': additional key exchanges are ke1_ to ke" + AdditionalKeyExchange.MAX + "_");
        }
        List<KeyExchangeMethod> methods = additional.computeIfAbsent(number, n -> new ArrayList<>());
        String method = m.group(2);
        if (method.equals("none")) {
            optional.add(number);
        } else if (KES.containsKey(method)) {
            methods.add(KES.get(method));
        } else {
            throw new InvalidProposalException(WeakTransform.byToken(method)
                    .filter(w -> w.kind() == WeakTransform.Kind.KEY_EXCHANGE)
                    .map(w -> refusedAsWeak(token, w))
                    .orElseGet(() -> "unknown key exchange method in '" + token + "'; supported: "
                            + String.join(", ", KES.keySet()) + ", none"));
        }
    }

    /**
     * A policy's {@code pfsGroup}: a key exchange method, optionally followed by RFC 9370 additional ones
     * as in IKE proposals ({@code x25519-ke1_mlkem768}, {@code ecp384-ke1_mlkem1024-ke2_mlkem768},
     * {@code ke1_none} to make one optional). The message names the offending token.
     */
    public static PfsKeyExchanges parsePfs(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidProposalException("must not be empty");
        }
        String[] tokens = text.split("-", -1);
        KeyExchangeMethod method = parseKeyExchange(tokens[0]);
        Set<String> seen = new HashSet<>();
        Map<Integer, List<KeyExchangeMethod>> additional = new TreeMap<>();
        Set<Integer> optional = new HashSet<>();
        for (int i = 1; i < tokens.length; i++) {
            String token = tokens[i];
            if (!seen.add(token)) {
                throw new InvalidProposalException("transform '" + token + "' appears twice");
            }
            if (!ADDITIONAL.matcher(token).matches()) {
                throw new InvalidProposalException("'" + token + "': after the key exchange method only additional key exchanges"
                        + " (ke1_ to ke" + AdditionalKeyExchange.MAX + "_, e.g. " + tokens[0] + "-ke1_mlkem768) may follow");
            }
            additional(Protocol.IKE, token, additional, optional);
        }
        return new PfsKeyExchanges(method, additionalKeyExchanges(additional, optional));
    }

    /**
     * A key exchange method named alone; the message says whether the name is weak or unknown.
     */
    public static KeyExchangeMethod parseKeyExchange(String token) {
        if (KES.containsKey(token)) {
            return KES.get(token);
        }
        throw new InvalidProposalException(WeakTransform.byToken(token)
                .filter(w -> w.kind() == WeakTransform.Kind.KEY_EXCHANGE)
                .map(w -> refusedAsWeak(token, w))
                .orElseGet(() -> "unknown key exchange method '" + token + "'; supported: " + String.join(", ", KES.keySet())));
    }

    private static String refusedAsWeak(String token, WeakTransform weak) {
        var instead = switch (weak.kind()) {
            case ENCRYPTION -> ENCRYPTIONS.keySet();
            case INTEGRITY -> INTEGRITIES.keySet();
            case PRF -> PRFS.keySet();
            case KEY_EXCHANGE -> KES.keySet();
        };
        return weak.refusal(token) + "; use one of " + String.join(", ", instead);
    }

    public static String supportedTokens(Protocol protocol) {
        var tokens = new ArrayList<String>();
        tokens.addAll(ENCRYPTIONS.keySet());
        tokens.addAll(INTEGRITIES.keySet());
        if (protocol == Protocol.IKE) {
            tokens.addAll(PRFS.keySet());
        }
        tokens.addAll(KES.keySet());
        return String.join(", ", tokens);
    }

    private static <T> Map<String, T> index(T[] values, Function<T, String> token) {
        return Arrays.stream(values).collect(Collectors.toMap(token, v -> v, (a, b) -> a, java.util.LinkedHashMap::new));
    }
}
