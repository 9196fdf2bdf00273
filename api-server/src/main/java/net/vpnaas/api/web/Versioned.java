package net.vpnaas.api.web;

import java.util.UUID;

/** A resource view that carries its id and row version (which its ETag is made from). */
public interface Versioned {
    UUID id();

    long version();

    /** The view's ETag: the row version, unless the view also shows state that changes without a write. */
    default String etag() {
        return ETags.of(version());
    }
}
