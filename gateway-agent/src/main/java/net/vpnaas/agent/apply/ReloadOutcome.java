package net.vpnaas.agent.apply;

import java.util.List;

/** What re-reading the configuration file did: which tunnels it touched, or why it changed nothing. */
public sealed interface ReloadOutcome {

    /** Applied; tunnels in none of the lists were not touched. */
    record Applied(List<String> removed, List<String> added, List<String> changed) implements ReloadOutcome {
        public Applied {
            removed = List.copyOf(removed);
            added = List.copyOf(added);
            changed = List.copyOf(changed);
        }

        public static Applied of(List<? extends TunnelChange<?>> changes) {
            return new Applied(names(changes, TunnelChange.Removed.class), names(changes, TunnelChange.Added.class),
                    names(changes, TunnelChange.Changed.class));
        }

        private static List<String> names(List<? extends TunnelChange<?>> changes, Class<?> kind) {
            return changes.stream().filter(kind::isInstance).map(TunnelChange::name).toList();
        }
    }

    /** Nothing changed: the running configuration goes on. */
    record Refused(String error) implements ReloadOutcome {}
}
