package net.vpnaas.api.peerconfig;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import net.vpnaas.api.auth.Access;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.model.Role;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/tunnels/{id}/peer-configuration}: what the customer's device needs for a tunnel,
 * as a file in the device's own syntax. Any role reads it; the PSK in it only an admin, on request
 * ({@link PeerConfigurations}). No {@code produces}: errors stay problem+json whatever the client accepts.
 */
@RestController
@Access(changes = Role.ADMIN)
class PeerConfigurationController {
    private final PeerConfigurations configurations;

    PeerConfigurationController(PeerConfigurations configurations) {
        this.configurations = configurations;
    }

    @GetMapping("/v1/tunnels/{id}/peer-configuration")
    ResponseEntity<String> get(Caller caller, @PathVariable UUID id,
                               @RequestParam(name = PeerConfigurations.FORMAT, required = false) String format,
                               @RequestParam(name = PeerConfigurations.INCLUDE_SECRET, defaultValue = "false") boolean includeSecret) {
        PeerConfigurations.Download download = configurations.download(caller, id, format, includeSecret);
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(download.fileName()).build().toString())
                .body(download.text());
    }
}
