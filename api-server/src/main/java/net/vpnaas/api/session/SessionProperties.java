package net.vpnaas.api.session;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sessions of people signed in to the portal, and the throttle on signing in.
 *
 * @param idleTimeout a session unused this long ends
 * @param absoluteLifetime a session ends this long after sign-in, however active
 * @param invitationLifetime how long an invitation can be accepted
 * @param maxFailuresPerEmail failed sign-ins for one email within {@code throttleWindow} before it is refused (429)
 * @param maxFailuresPerAddress the same per client address, over all emails it tries
 * @param throttleWindow the window failures are counted in; a refused subject is let in again when it ends
 */
@ConfigurationProperties("vpnaas.sessions")
public record SessionProperties(@DefaultValue("30m") Duration idleTimeout,
                                @DefaultValue("12h") Duration absoluteLifetime,
                                @DefaultValue("7d") Duration invitationLifetime,
                                @DefaultValue("5") int maxFailuresPerEmail,
                                @DefaultValue("20") int maxFailuresPerAddress,
                                @DefaultValue("15m") Duration throttleWindow) {}
