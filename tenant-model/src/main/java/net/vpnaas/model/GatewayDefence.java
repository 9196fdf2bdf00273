package net.vpnaas.model;

import java.util.List;
import net.vpnaas.model.validation.Violation;
import net.vpnaas.model.validation.Violations;

/**
 * What an operator tunes of a gateway's defences against IKE floods (RFC 8019). Every count but the
 * last is of half-open IKE SAs (created by an IKE_SA_INIT, not yet authenticated): from
 * {@code cookieThreshold} on, an IKE_SA_INIT must return a COOKIE (RFC 7296 2.6); from
 * {@code puzzleThreshold} on, it must also solve a puzzle of up to {@code maxPuzzleDifficulty} bits
 * (initiators that know no puzzles are still served, less often the higher the load);
 * beyond {@code halfOpenLimit} in all, {@code perAddressLimit} from one address (IPv4 /32, IPv6 /64)
 * or {@code perPrefixLimit} from one prefix (IPv4 /24, IPv6 /48), requests are dropped. An address
 * whose IKE_AUTH failed {@code authFailureLimit} times in a row is shut out for a while. The defaults
 * are the IKE engine's; a null field takes its default.
 */
public record GatewayDefence(Integer cookieThreshold, Integer puzzleThreshold, Integer halfOpenLimit, Integer perAddressLimit,
                             Integer perPrefixLimit, Integer maxPuzzleDifficulty, Integer authFailureLimit) {
    public static final GatewayDefence DEFAULT = new GatewayDefence(50, 200, 2000, 50, 200, 20, 5);
    /** Half-open IKE SAs at most: each holds a key pair and a nonce, so this bounds the gateway's memory under a flood. */
    static final int MAX_HALF_OPEN = 1_000_000;
    /**
     * Each bit doubles an initiator's work: at 32 a legitimate initiator computes for tens of minutes.
     * (Our own initiator solves up to 20 by default; strongSwan none at all, it gets in with the COOKIE alone.)
     */
    static final int MAX_DIFFICULTY = 32;
    static final int MAX_AUTH_FAILURES = 1000;

    GatewayDefence withDefaults() {
        return new GatewayDefence(
                cookieThreshold == null ? DEFAULT.cookieThreshold : cookieThreshold,
                puzzleThreshold == null ? DEFAULT.puzzleThreshold : puzzleThreshold,
                halfOpenLimit == null ? DEFAULT.halfOpenLimit : halfOpenLimit,
                perAddressLimit == null ? DEFAULT.perAddressLimit : perAddressLimit,
                perPrefixLimit == null ? DEFAULT.perPrefixLimit : perPrefixLimit,
                maxPuzzleDifficulty == null ? DEFAULT.maxPuzzleDifficulty : maxPuzzleDifficulty,
                authFailureLimit == null ? DEFAULT.authFailureLimit : authFailureLimit);
    }

    /**
     * Validates settings after {@link #withDefaults()}, fields named under {@code field} ({@code defence}).
     * The thresholds must rise in the order the defences take over: cookies, then puzzles, then drops;
     * one address's share within its prefix's.
     */
    List<Violation> validate(String field) {
        Violations v = new Violations();
        v.range(field + ".halfOpenLimit", halfOpenLimit, 1, MAX_HALF_OPEN);
        v.range(field + ".maxPuzzleDifficulty", maxPuzzleDifficulty, 0, MAX_DIFFICULTY);
        v.range(field + ".authFailureLimit", authFailureLimit, 1, MAX_AUTH_FAILURES);
        if (v.isEmpty()) {
            within(v, field, "puzzleThreshold", puzzleThreshold, 0, "halfOpenLimit", halfOpenLimit);
            within(v, field, "perPrefixLimit", perPrefixLimit, 1, "halfOpenLimit", halfOpenLimit);
        }
        if (v.isEmpty()) {
            within(v, field, "cookieThreshold", cookieThreshold, 0, "puzzleThreshold", puzzleThreshold);
            within(v, field, "perAddressLimit", perAddressLimit, 1, "perPrefixLimit", perPrefixLimit);
        }
        return v.toList();
    }

    private static void within(Violations v, String field, String name, Integer value, int min, String boundName, int bound) {
        if (v.required(field + "." + name, value) && (value < min || value > bound)) {
            v.add(field + "." + name, "must be between " + min + " and " + boundName + " (" + bound + ")");
        }
    }
}
