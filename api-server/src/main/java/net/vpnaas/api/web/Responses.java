package net.vpnaas.api.web;

import java.net.URI;
import org.springframework.http.ResponseEntity;

/** The success responses every resource controller sends: ETag always, Location on create. */
public final class Responses {
    private Responses() {}

    public static <V extends Versioned> ResponseEntity<V> ok(V view) {
        return ResponseEntity.ok().eTag(view.etag()).body(view);
    }

    public static <V extends Versioned> ResponseEntity<V> created(String collectionPath, V view) {
        return ResponseEntity.created(URI.create(collectionPath + "/" + view.id()))
                .eTag(view.etag()).body(view);
    }

    public static ResponseEntity<Void> noContent() {
        return ResponseEntity.noContent().build();
    }
}
