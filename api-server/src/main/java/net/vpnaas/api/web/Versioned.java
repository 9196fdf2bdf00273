package net.vpnaas.api.web;

import java.util.UUID;

/** A resource view that carries its id and row version (the ETag). */
public interface Versioned {
    UUID id();

    long version();
}
