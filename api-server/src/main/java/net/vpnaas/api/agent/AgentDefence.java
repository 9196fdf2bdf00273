package net.vpnaas.api.agent;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import net.vpnaas.model.agent.v1.DefenceReport;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an agent's IKE responder last reported of its defences against floods (RFC 8019), as the API
 * shows it under the gateway's status and as it is stored.
 *
 * @param level            NORMAL, COOKIES or PUZZLES
 * @param puzzleDifficulty zero bits a PUZZLE solution must have; 0 below PUZZLES
 * @param halfOpen         IKE SAs created by IKE_SA_INIT and not yet authenticated
 * @param cookiesSent      IKE_SA_INIT requests answered with a COOKIE since the agent started
 * @param puzzlesSent      those of them that carried a PUZZLE
 * @param drops            datagrams dropped unanswered since the agent started, by reason
 */
public record AgentDefence(String level, int puzzleDifficulty, int halfOpen, long cookiesSent, long puzzlesSent,
                           Map<String, Long> drops, Instant reportedAt) {
    /** A drop reason as the engine names it; anything else an agent sends is not stored. */
    private static final Pattern REASON = Pattern.compile("[A-Z][A-Z_]{0,39}");
    private static final int MAX_REASONS = 32;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Long>> DROPS = new TypeReference<>() {};

    public AgentDefence {
        drops = Map.copyOf(drops);
    }

    /** {@link #drops} as stored: a JSON object. */
    String dropsJson() {
        return JSON.writeValueAsString(new TreeMap<>(drops));
    }

    static Map<String, Long> dropsFromJson(String json) {
        return JSON.readValue(json, DROPS);
    }

    /**
     * The report of an agent, or empty when it is not one we can show (no level, implausible figures):
     * agents are authenticated, yet what they send is input like any other.
     */
    static Optional<AgentDefence> of(DefenceReport r) {
        String level = switch (r.getLevel()) {
            case DEFENCE_NORMAL -> "NORMAL";
            case DEFENCE_COOKIES -> "COOKIES";
            case DEFENCE_PUZZLES -> "PUZZLES";
            case DEFENCE_LEVEL_UNSPECIFIED, UNRECOGNIZED -> null;
        };
        if (level == null || r.getPuzzleDifficulty() > 255 || r.getHalfOpen() < 0 || r.getCookiesSent() < 0 || r.getPuzzlesSent() < 0
                || r.getDropsCount() > MAX_REASONS) {
            return Optional.empty();
        }
        Map<String, Long> drops = new TreeMap<>();
        for (var e : r.getDropsMap().entrySet()) {
            if (!REASON.matcher(e.getKey()).matches() || e.getValue() < 0) return Optional.empty();
            drops.put(e.getKey(), e.getValue());
        }
        return Optional.of(new AgentDefence(level, r.getPuzzleDifficulty(), r.getHalfOpen(), r.getCookiesSent(), r.getPuzzlesSent(),
                drops, r.getAtEpochMillis() > 0 ? Instant.ofEpochMilli(r.getAtEpochMillis()) : Instant.now()));
    }
}
