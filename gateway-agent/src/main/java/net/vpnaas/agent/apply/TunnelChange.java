package net.vpnaas.agent.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * What applying a new configuration means for one tunnel, keyed by the tunnel's name. {@code T} is
 * the form the configuration gives a tunnel in: a pushed snapshot's {@code Tunnel}, a standalone
 * file's {@code ResolvedTunnel}; both are applied the same way.
 */
public sealed interface TunnelChange<T> {
    String name();

    /** New in this configuration: establish it. */
    record Added<T>(String name, T tunnel) implements TunnelChange<T> {}

    /** Its own fields, its peer or its policy changed: re-establish make-before-break. */
    record Changed<T>(String name, T before, T after) implements TunnelChange<T> {}

    /**
     * Unchanged itself, but it authenticates with the gateway's certificate, which changed (renewed,
     * replaced): its SAs stay, and the next IKE SA authenticates with the new one.
     */
    record CredentialsChanged<T>(String name, T tunnel) implements TunnelChange<T> {}

    /** Gone from the configuration: delete its SAs with an IKE Delete. */
    record Removed<T>(String name, T tunnel) implements TunnelChange<T> {}

    /**
     * The changes from {@code before} to {@code after} (tunnels by name) in the order they should be
     * applied: removals first (frees selectors), then additions and changes in {@code after}'s order.
     * A tunnel {@code unchanged} holds for is left out, so applying never disturbs it (its SAs keep
     * their SPIs), unless {@code newCredentials} says it authenticates with credentials that changed.
     */
    static <T> List<TunnelChange<T>> between(Map<String, T> before, Map<String, T> after, BiPredicate<T, T> unchanged,
                                             Predicate<T> newCredentials) {
        List<TunnelChange<T>> changes = new ArrayList<>();
        before.forEach((name, tunnel) -> {
            if (!after.containsKey(name)) changes.add(new Removed<>(name, tunnel));
        });
        after.forEach((name, tunnel) -> {
            T previous = before.get(name);
            if (previous == null) {
                changes.add(new Added<>(name, tunnel));
            } else if (!unchanged.test(previous, tunnel)) {
                changes.add(new Changed<>(name, previous, tunnel));
            } else if (newCredentials.test(tunnel)) {
                changes.add(new CredentialsChanged<>(name, tunnel));
            }
        });
        return changes;
    }
}
