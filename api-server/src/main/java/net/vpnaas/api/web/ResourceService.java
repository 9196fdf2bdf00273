package net.vpnaas.api.web;

import java.util.UUID;
import net.vpnaas.api.auth.Caller;
import tools.jackson.databind.JsonNode;

/**
 * The operations every tenant-owned collection of the API offers, in the acting tenant of the
 * caller. {@code S} is the writable specification, {@code V} the view the API returns.
 *
 * <p>{@code get} and {@code list} open no transaction: they read with a single SELECT (a tenant's
 * {@code get}: a visibility check, then the row), which PostgreSQL runs as its own transaction in
 * autocommit. A read-only transaction around it would only add a COMMIT round trip and the
 * transaction bookkeeping to the API's most frequent calls.
 */
public interface ResourceService<S, V extends Versioned> {
    V create(Caller caller, S spec);

    V get(Caller caller, UUID id);

    Page<V> list(Caller caller, PageRequest page, ListFilter filter);

    V replace(Caller caller, UUID id, String ifMatch, S spec);

    V patch(Caller caller, UUID id, String ifMatch, JsonNode patch);

    void delete(Caller caller, UUID id, String ifMatch);
}
