package net.vpnaas.agent.localctl;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import net.vpnaas.agent.apply.ReloadOutcome;
import net.vpnaas.agent.logging.AgentLogging;
import net.vpnaas.agent.wiring.GatewayRuntime;
import net.vpnaas.ike.engine.ChildSaView;
import net.vpnaas.ike.engine.IkeSaView;
import net.vpnaas.ike.sa.ChildSa;
import net.vpnaas.ike.sa.IkeSa;

/**
 * Carries out control-socket commands on the running gateway. Commands that change SAs wait (up to
 * {@link #WAIT}) until the engine shows the result, so the operator learns whether it worked, not
 * only that it was asked. In managed mode the control plane owns the configuration: initiate and
 * reload are refused, terminate and rekey act on the SAs of what it configured.
 */
public final class CtlCommands {

    static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Supplier<Optional<GatewayRuntime>> runtime;
    /** Empty in managed mode. */
    private final Optional<Supplier<ReloadOutcome>> reload;

    private CtlCommands(Supplier<Optional<GatewayRuntime>> runtime, Optional<Supplier<ReloadOutcome>> reload) {
        this.runtime = runtime;
        this.reload = reload;
    }

    /** A standalone agent: every command; {@code reload} re-reads its file and applies it. */
    public static CtlCommands standalone(Supplier<Optional<GatewayRuntime>> runtime, Supplier<ReloadOutcome> reload) {
        return new CtlCommands(runtime, Optional.of(reload));
    }

    /** An agent under the control plane; {@code runtime} is empty until the first snapshot ran. */
    public static CtlCommands managed(Supplier<Optional<GatewayRuntime>> runtime) {
        return new CtlCommands(runtime, Optional.empty());
    }

    public CtlResponse execute(CtlRequest request) {
        return switch (request) {
            case CtlRequest.ListSas l -> new CtlResponse.Sas(runtime.get().map(SaListings::of).orElse(new SaListing(List.of())));
            case CtlRequest.Initiate i -> reload.isEmpty() ? managed(i) : withTunnel(i.tunnel(), r -> initiate(r, i.tunnel()));
            case CtlRequest.Terminate t -> withTunnel(t.tunnel(), r -> terminate(r, t.tunnel()));
            case CtlRequest.Rekey k -> withTunnel(k.tunnel(), r -> k.scope() == CtlRequest.Rekey.Scope.IKE
                    ? rekeyIke(r, k.tunnel()) : rekeyChildSas(r, k.tunnel()));
            case CtlRequest.Reload r -> reload.isEmpty() ? managed(r) : reloaded(reload.get().get());
            case CtlRequest.ShowLogLevel s -> AgentLogging.level().<CtlResponse>map(CtlResponse.Done::new).orElseGet(CtlCommands::noLogback);
            case CtlRequest.SetLogLevel s -> {
                String before = AgentLogging.level().orElse("?");
                yield AgentLogging.setLevel(s.level())
                        ? new CtlResponse.Done("log level " + s.level() + " (was " + before + ")") : noLogback();
            }
        };
    }

    private static CtlResponse managed(CtlRequest r) {
        return new CtlResponse.Failed(r.command() + " is refused: this agent runs under the control plane, which owns its"
                + " configuration; change tunnels through the API (" + r.command() + " works on standalone agents)");
    }

    private static CtlResponse noLogback() {
        return new CtlResponse.Failed("this agent does not log through logback, whose levels this command sets");
    }

    private interface TunnelCommand {
        CtlResponse run(GatewayRuntime runtime);
    }

    private CtlResponse withTunnel(String name, TunnelCommand command) {
        Optional<GatewayRuntime> r = runtime.get();
        if (r.isEmpty() || r.get().tunnel(name).isEmpty()) {
            return new CtlResponse.Failed("tunnel: no tunnel named " + CtlProtocol.quote(name) + "; this agent runs "
                    + r.map(GatewayRuntime::tunnelNames).orElse(List.of()));
        }
        return command.run(r.get());
    }

    private static CtlResponse initiate(GatewayRuntime r, String name) {
        List<IkeSaView> now = r.saViews(name);
        if (!now.isEmpty()) {
            return new CtlResponse.Failed(name + ": has an IKE SA already (" + describe(now) + "); terminate or rekey it");
        }
        try {
            r.initiate(name);
        } catch (IllegalStateException e) {
            return new CtlResponse.Failed(e.getMessage());
        }
        return await(() -> {
            List<IkeSaView> views = r.saViews(name);
            if (views.isEmpty()) return Optional.of(new CtlResponse.Failed(name + ": the IKE SA failed; the agent's log says why"));
            return views.stream().filter(v -> v.state() == IkeSa.State.ESTABLISHED && !installed(v).isEmpty()).findFirst()
                    .map(v -> new CtlResponse.Done(name + ": IKE SA " + spis(v) + " established, Child SA "
                            + childSpis(installed(v).getFirst()) + " installed"));
        }, () -> name + ": not up within " + WAIT.toSeconds() + " s (" + describe(r.saViews(name))
                + "); see list-sas and the agent's log");
    }

    private static CtlResponse terminate(GatewayRuntime r, String name) {
        List<IkeSaView> before = r.saViews(name);
        if (before.isEmpty()) return new CtlResponse.Failed(name + ": has no IKE SA to terminate");
        Set<String> old = before.stream().map(CtlCommands::spis).collect(Collectors.toSet());
        r.terminate(name);
        boolean redials = r.tunnel(name).map(t -> t.cryptoPolicy().initiates()).orElse(false);
        return await(() -> r.saViews(name).stream().map(CtlCommands::spis).anyMatch(old::contains) ? Optional.empty()
                        : Optional.of(new CtlResponse.Done(name + ": IKE SA " + String.join(", ", old) + " deleted"
                        + (redials ? "; start action \"initiate\" sets the tunnel up again in a few seconds" : ""))),
                () -> name + ": IKE Delete sent, but the IKE SA is not gone after " + WAIT.toSeconds()
                        + " s (the peer does not answer?); it goes when the retransmissions give up");
    }

    private static CtlResponse rekeyIke(GatewayRuntime r, String name) {
        List<IkeSaView> before = established(r, name);
        if (before.isEmpty()) return new CtlResponse.Failed(name + ": has no established IKE SA to rekey");
        Set<String> old = before.stream().map(CtlCommands::spis).collect(Collectors.toSet());
        r.rekeyIke(name);
        return await(() -> {
            List<IkeSaView> views = r.saViews(name);
            if (views.stream().map(CtlCommands::spis).anyMatch(old::contains)) return Optional.empty();
            return views.stream().filter(v -> v.state() == IkeSa.State.ESTABLISHED).findFirst()
                    .map(v -> new CtlResponse.Done(name + ": IKE SA rekeyed, " + String.join(", ", old) + " -> " + spis(v)));
        }, () -> name + ": IKE SA rekey not done within " + WAIT.toSeconds() + " s (" + describe(r.saViews(name))
                + "); see the agent's log");
    }

    private static CtlResponse rekeyChildSas(GatewayRuntime r, String name) {
        Set<String> old = established(r, name).stream().flatMap(v -> installed(v).stream()).map(CtlCommands::childSpis)
                .collect(Collectors.toSet());
        if (old.isEmpty()) return new CtlResponse.Failed(name + ": has no installed Child SA to rekey");
        r.rekeyChildSas(name);
        return await(() -> {
            List<String> now = r.saViews(name).stream().flatMap(v -> v.children().stream()).map(CtlCommands::childSpis).toList();
            if (now.isEmpty() || now.stream().anyMatch(old::contains)) return Optional.empty();
            return Optional.of(new CtlResponse.Done(name + ": Child SA rekeyed, " + String.join(", ", old) + " -> "
                    + String.join(", ", now)));
        }, () -> name + ": Child SA rekey not done within " + WAIT.toSeconds() + " s; see the agent's log");
    }

    private static CtlResponse reloaded(ReloadOutcome outcome) {
        return switch (outcome) {
            case ReloadOutcome.Refused f -> new CtlResponse.Failed("reload refused, nothing changed: " + f.error());
            case ReloadOutcome.Applied a -> {
                StringBuilder s = new StringBuilder("reloaded:");
                if (a.removed().isEmpty() && a.added().isEmpty() && a.changed().isEmpty()) s.append(" no tunnel changed");
                if (!a.removed().isEmpty()) s.append(" removed ").append(a.removed());
                if (!a.added().isEmpty()) s.append(" added ").append(a.added());
                if (!a.changed().isEmpty()) s.append(" changed ").append(a.changed());
                yield new CtlResponse.Done(s.toString());
            }
        };
    }

    private static List<IkeSaView> established(GatewayRuntime r, String name) {
        return r.saViews(name).stream().filter(v -> v.state() == IkeSa.State.ESTABLISHED).toList();
    }

    private static List<ChildSaView> installed(IkeSaView v) {
        return v.children().stream().filter(c -> c.state() == ChildSa.State.INSTALLED).toList();
    }

    private static String spis(IkeSaView v) {
        return SaListings.ikeSpi(v.initiatorSpi()) + "_i " + SaListings.ikeSpi(v.responderSpi()) + "_r";
    }

    private static String childSpis(ChildSaView c) {
        return "in " + SaListings.childSpi(c.inboundSpi()) + " out " + SaListings.childSpi(c.outboundSpi());
    }

    private static String describe(List<IkeSaView> views) {
        return views.isEmpty() ? "no IKE SA" : views.stream().map(v -> v.state() + " " + spis(v)).collect(Collectors.joining(", "));
    }

    /** Polls {@code check} until it answers; after {@link #WAIT}, fails with {@code late}'s message. */
    private static CtlResponse await(Supplier<Optional<CtlResponse>> check, Supplier<String> late) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<CtlResponse> answer = check.get();
            if (answer.isPresent()) return answer.get();
            if (System.nanoTime() > deadline) return new CtlResponse.Failed(late.get());
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new CtlResponse.Failed("interrupted (the agent is stopping)");
            }
        }
    }
}
