package net.vpnaas.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Algorithms and timers shared by tunnels. Proposals are in preference order. Lifetimes are hard
 * limits; an SA is rekeyed {@code rekeyMargin} plus a random share of up to {@code rekeyFuzzPercent}
 * of it before it expires. {@code replayWindow} zero disables anti-replay; an empty
 * {@code pfsGroup} means no key exchange when Child SAs are rekeyed.
 */
public record CryptoPolicyConfig(String name, List<Proposal> ikeProposals, List<Proposal> espProposals,
                                 Duration ikeLifetime, Duration childLifetime, Duration rekeyMargin,
                                 int rekeyFuzzPercent, DpdConfig dpd, int replayWindow, boolean esn,
                                 Optional<Transform> pfsGroup, StartAction startAction, Encapsulation encapsulation) {
    public CryptoPolicyConfig {
        Objects.requireNonNull(name);
        ikeProposals = List.copyOf(ikeProposals);
        espProposals = List.copyOf(espProposals);
        Objects.requireNonNull(ikeLifetime);
        Objects.requireNonNull(childLifetime);
        Objects.requireNonNull(rekeyMargin);
        Objects.requireNonNull(dpd);
        Objects.requireNonNull(pfsGroup);
        Objects.requireNonNull(startAction);
        Objects.requireNonNull(encapsulation);
    }
}
