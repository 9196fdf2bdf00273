package net.vpnaas.api.gateway;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import net.vpnaas.model.GatewayDefence;

/** A gateway's defence settings in its row (V20): one column each, for the API's views and the agents' snapshots. */
public final class DefenceColumns {
    /** The columns to select, unqualified. */
    public static final String SELECT = "defence_cookie_threshold, defence_puzzle_threshold, defence_half_open_limit,"
            + " defence_per_address_limit, defence_per_prefix_limit, defence_max_puzzle_difficulty, defence_auth_failure_limit";

    private DefenceColumns() {}

    public static GatewayDefence read(ResultSet rs) throws SQLException {
        return new GatewayDefence(rs.getInt("defence_cookie_threshold"), rs.getInt("defence_puzzle_threshold"),
                rs.getInt("defence_half_open_limit"), rs.getInt("defence_per_address_limit"), rs.getInt("defence_per_prefix_limit"),
                rs.getInt("defence_max_puzzle_difficulty"), rs.getInt("defence_auth_failure_limit"));
    }

    static void write(GatewayDefence d, Map<String, Object> columns) {
        columns.put("defence_cookie_threshold", d.cookieThreshold());
        columns.put("defence_puzzle_threshold", d.puzzleThreshold());
        columns.put("defence_half_open_limit", d.halfOpenLimit());
        columns.put("defence_per_address_limit", d.perAddressLimit());
        columns.put("defence_per_prefix_limit", d.perPrefixLimit());
        columns.put("defence_max_puzzle_difficulty", d.maxPuzzleDifficulty());
        columns.put("defence_auth_failure_limit", d.authFailureLimit());
    }
}
