package net.vpnaas.api.agent;

import java.util.Optional;
import java.util.UUID;

/** One-time enrollment tokens an admin creates for a gateway. */
public interface EnrollmentTokens {
    /**
     * Consumes the token: returns its gateway if the token exists, has not expired and was not
     * used before; afterwards it can never be redeemed again.
     */
    Optional<UUID> redeem(String token);
}
