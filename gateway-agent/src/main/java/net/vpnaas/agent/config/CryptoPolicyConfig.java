package net.vpnaas.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Algorithms and timers shared by tunnels. Proposals are in preference order. Rekeying starts
 * {@code rekeyMargin} before a lifetime ends; {@code dpdInterval} zero disables dead peer detection;
 * {@code replayWindow} zero disables anti-replay; an empty {@code pfsGroup} means no PFS for Child SAs
 * created after the first.
 */
public record CryptoPolicyConfig(String name, List<Proposal> ikeProposals, List<Proposal> espProposals,
                                 Duration ikeLifetime, Duration childLifetime, Duration rekeyMargin,
                                 Duration dpdInterval, int replayWindow, boolean esn, Optional<Transform> pfsGroup,
                                 StartAction startAction, Encapsulation encapsulation) {
    public CryptoPolicyConfig {
        Objects.requireNonNull(name);
        ikeProposals = List.copyOf(ikeProposals);
        espProposals = List.copyOf(espProposals);
        Objects.requireNonNull(ikeLifetime);
        Objects.requireNonNull(childLifetime);
        Objects.requireNonNull(rekeyMargin);
        Objects.requireNonNull(dpdInterval);
        Objects.requireNonNull(pfsGroup);
        Objects.requireNonNull(startAction);
        Objects.requireNonNull(encapsulation);
    }
}
