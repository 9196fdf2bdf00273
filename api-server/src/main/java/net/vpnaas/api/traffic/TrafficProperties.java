package net.vpnaas.api.traffic;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long each level of the traffic history is kept. A chart asks for a step; the coarsest level
 * whose buckets divide the step serves it, so history older than {@code rawRetention} needs a step
 * in whole minutes, and older than {@code minuteRetention} one in whole hours.
 *
 * @param rawRetention    points at the agents' reporting step (a row per tunnel and report)
 * @param minuteRetention one-minute sums
 * @param hourRetention   one-hour sums
 * @param rollupInterval  how often finished minutes (and hours) are folded into their level and old rows deleted
 */
@ConfigurationProperties("vpnaas.traffic")
public record TrafficProperties(@DefaultValue("2h") Duration rawRetention, @DefaultValue("3d") Duration minuteRetention,
                                @DefaultValue("400d") Duration hourRetention, @DefaultValue("1m") Duration rollupInterval) {}
