package net.vpnaas.api.web;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import net.vpnaas.api.support.ResourceType;

/** A page of a listing; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {

    /** Builds a page from views fetched with {@link PageRequest#fetchSize()}. */
    public static <V extends Versioned> Page<V> of(List<V> rows, PageRequest request, ResourceType type) {
        return of(rows, request, type, Versioned::id, Function.identity());
    }

    /** Builds a page from rows fetched with {@link PageRequest#fetchSize()}. */
    public static <E, T> Page<T> of(List<E> rows, PageRequest request, ResourceType type,
                                    Function<E, UUID> id, Function<E, T> view) {
        boolean more = rows.size() > request.limit();
        List<E> page = more ? rows.subList(0, request.limit()) : rows;
        String next = more ? PageRequest.encode(type, id.apply(page.getLast())) : null;
        return new Page<>(page.stream().map(view).toList(), next);
    }
}
