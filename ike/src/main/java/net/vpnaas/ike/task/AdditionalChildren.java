package net.vpnaas.ike.task;

import java.util.List;
import java.util.Optional;
import net.vpnaas.ike.sa.ChildSa;
import net.vpnaas.ike.sasink.TrafficSelector;

/**
 * The Child SAs we request when the responder narrowed ours (RFC 7296 2.9). We ask for every
 * configured local selector with every configured remote one in one Child SA; a peer whose policy
 * holds one Child SA per subnet pair (strongSwan with one child per pair, most firewalls) answers
 * with one pair only, and the other pairs would carry nothing. So, for each local selector in turn,
 * we ask for it with the remote selectors no Child SA carries together with it yet, again after each
 * success (the peer may narrow once more), and give that local selector up after a refusal. Each
 * success covers at least one more pair, so this ends.
 *
 * <p>A pair counts as carried when one Child SA's selectors overlap both of its sides: a peer that
 * narrows a pair to part of it has chosen that part.
 */
final class AdditionalChildren {

    private AdditionalChildren() {}

    /**
     * The next request after a Child SA we asked for was created or refused, if a pair is still
     * uncovered: the first of {@code locals} with remote selectors nothing carries with it yet.
     */
    static Optional<ChildCreateTask> next(TaskContext ctx, List<TrafficSelector> locals) {
        List<TrafficSelector> remotes = ctx.config().remoteSelectors();
        for (int i = 0; i < locals.size(); i++) {
            TrafficSelector local = locals.get(i);
            List<TrafficSelector> uncovered = remotes.stream()
                    .filter(remote -> ctx.sa().children().stream().noneMatch(c -> carries(c, local, remote))).toList();
            if (!uncovered.isEmpty()) {
                return Optional.of(ChildCreateTask.additional(ctx, local, uncovered, locals.subList(i, locals.size())));
            }
        }
        return Optional.empty();
    }

    private static boolean carries(ChildSa child, TrafficSelector local, TrafficSelector remote) {
        return overlaps(child.localSelectors(), local) && overlaps(child.remoteSelectors(), remote);
    }

    private static boolean overlaps(List<TrafficSelector> selectors, TrafficSelector s) {
        return selectors.stream().anyMatch(x -> TrafficSelectors.intersect(x, s).isPresent());
    }
}
