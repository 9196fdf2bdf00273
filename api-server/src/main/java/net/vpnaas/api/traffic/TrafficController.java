package net.vpnaas.api.traffic;

import java.util.UUID;
import net.vpnaas.api.auth.Access;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.model.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A tunnel's traffic over time, for charts; read like the tunnel itself. */
@RestController
@Access(changes = Role.OPERATOR)
class TrafficController {
    private final TrafficHistory history;

    TrafficController(TrafficHistory history) {
        this.history = history;
    }

    @GetMapping("/v1/tunnels/{id}/traffic")
    TrafficView traffic(Caller caller, @PathVariable UUID id, @RequestParam(required = false) String from,
                        @RequestParam(required = false) String to, @RequestParam(required = false) Long step) {
        return history.read(caller, id, from, to, step);
    }
}
