package net.vpnaas.api.agent;

import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Announces that a gateway's configuration changed, to every replica. {@code pg_notify} is
 * transactional: called inside the transaction that bumps the gateway's revision, the
 * notification leaves on commit and never on rollback, so no replica pushes a change that did not
 * happen.
 */
@Component
public class GatewayChangeNotifier {
    static final String CHANNEL = "vpnaas_gateway_changed";

    private final JdbcTemplate jdbc;

    public GatewayChangeNotifier(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void gatewayChanged(UUID gatewayId) {
        jdbc.queryForList("select pg_notify(?, ?)", CHANNEL, gatewayId.toString());
    }
}
