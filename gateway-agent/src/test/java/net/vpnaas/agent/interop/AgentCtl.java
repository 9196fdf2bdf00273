package net.vpnaas.agent.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.vpnaas.agent.localctl.CtlMain;
import net.vpnaas.agent.localctl.CtlProtocol;
import net.vpnaas.agent.localctl.CtlProtocolException;
import net.vpnaas.agent.localctl.CtlResponse;
import net.vpnaas.agent.localctl.SaListing;

/** {@code bin/agent ctl} against one running agent, run in the test's JVM (the socket is a file: no namespace needed). */
record AgentCtl(Path socket) {

    record Run(int status, String out, String err) {}

    Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--socket", socket.toString()));
        all.addAll(List.of(args));
        int status = CtlMain.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed; returns what it printed. */
    String ok(String... args) {
        Run r = run(args);
        assertThat(r.status()).as("ctl %s: %s", String.join(" ", args), r.err()).isZero();
        return r.out();
    }

    /** {@code list-sas --json}, decoded. */
    SaListing listing() {
        String json = ok("--json", "list-sas").strip();
        try {
            return ((CtlResponse.Sas) CtlProtocol.decodeResponse(json.getBytes(StandardCharsets.UTF_8))).listing();
        } catch (CtlProtocolException e) {
            throw new AssertionError(json, e);
        }
    }

    /** The one tunnel's one IKE SA (fails if there is not exactly one). */
    SaListing.IkeSa onlyIkeSa() {
        List<SaListing.IkeSa> sas = listing().tunnels().getFirst().ikeSas();
        assertThat(sas).as("IKE SAs of the tunnel").hasSize(1);
        return sas.getFirst();
    }
}
