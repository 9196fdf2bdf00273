package net.vpnaas.agent.localctl;

import java.io.IOException;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/agent ctl}: the command line of the agent's control socket.
 *
 * <pre>
 * ctl [--socket PATH] [--json] list-sas | initiate TUNNEL | terminate TUNNEL | rekey TUNNEL [--ike|--child]
 *                              | reload | log-level [LEVEL]
 * </pre>
 *
 * Prints the answer for people (list-sas like {@code swanctl --list-sas}), or with {@code --json} the
 * agent's JSON line as it came. Exit status: 0 done, 1 refused or failed, 2 the agent cannot be
 * reached, 64 usage.
 */
public final class CtlMain {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int UNREACHABLE = 2;
    static final int USAGE = 64;
    /** Longer than the agent's own wait for a command's result. */
    private static final Duration CLIENT_TIMEOUT = CtlCommands.WAIT.plusSeconds(30);

    private static final String USAGE_TEXT = """
            usage: bin/agent ctl [--socket PATH] [--json] COMMAND
              list-sas                      every tunnel's IKE and Child SAs: algorithms, SPIs, selectors,
                                            lifetimes and rekey times, counters (bytes, packets, drops)
              initiate TUNNEL               set the tunnel up now (standalone agents)
              terminate TUNNEL              delete its SAs with IKE Deletes (a tunnel with start action
                                            "initiate" is set up again by itself)
              rekey TUNNEL [--child|--ike]  rekey its Child SAs (the default) or its IKE SA now
              reload                        re-read the configuration file and apply what changed (standalone)
              log-level [LEVEL]             show or set the log level: TRACE DEBUG INFO WARN ERROR OFF
            --socket: the agent's control socket (default %s)
            --json: print the agent's JSON answer as it is""".formatted(LocalCtlServer.DEFAULT_PATH);

    private CtlMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The CLI without exiting: the exit status is returned (tests run it in their JVM). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path socket = LocalCtlServer.DEFAULT_PATH;
        boolean json = false;
        CtlRequest.Rekey.Scope scope = null;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--socket" -> {
                    if (++i == args.length) return usage(err, "--socket needs a path");
                    socket = Path.of(args[i]);
                }
                case "--json" -> json = true;
                case "--ike", "--child" -> {
                    if (scope != null) return usage(err, "give one of --ike and --child");
                    scope = args[i].equals("--ike") ? CtlRequest.Rekey.Scope.IKE : CtlRequest.Rekey.Scope.CHILD;
                }
                case "-h", "--help" -> {
                    out.println(USAGE_TEXT);
                    return OK;
                }
                default -> {
                    if (args[i].startsWith("--")) return usage(err, "unknown option " + args[i]);
                    words.add(args[i]);
                }
            }
        }
        if (words.isEmpty()) return usage(err, "no command");
        String command = words.getFirst();
        List<String> rest = words.subList(1, words.size());
        if (scope != null && !command.equals("rekey")) return usage(err, "--ike and --child go with rekey");
        CtlRequest request;
        switch (command) {
            case "list-sas", "reload" -> {
                if (!rest.isEmpty()) return usage(err, command + " takes no arguments");
                request = command.equals("reload") ? new CtlRequest.Reload() : new CtlRequest.ListSas();
            }
            case "initiate", "terminate", "rekey" -> {
                if (rest.size() != 1) return usage(err, command + " takes one tunnel name");
                String tunnel = rest.getFirst();
                request = switch (command) {
                    case "initiate" -> new CtlRequest.Initiate(tunnel);
                    case "terminate" -> new CtlRequest.Terminate(tunnel);
                    default -> new CtlRequest.Rekey(tunnel, scope == null ? CtlRequest.Rekey.Scope.CHILD : scope);
                };
            }
            case "log-level" -> {
                if (rest.size() > 1) return usage(err, "log-level takes at most one level");
                request = rest.isEmpty() ? new CtlRequest.ShowLogLevel() : new CtlRequest.SetLogLevel(rest.getFirst());
            }
            default -> {
                return usage(err, "unknown command " + command);
            }
        }
        byte[] answer;
        try {
            answer = exchange(socket, request);
        } catch (IOException e) {
            err.println("cannot reach the agent at " + socket + ": " + e.getMessage()
                    + " (is it running, with this --control-socket? as root?)");
            return UNREACHABLE;
        } catch (CtlProtocolException e) {
            err.println("the agent's answer is not understood: " + e.getMessage());
            return UNREACHABLE;
        }
        CtlResponse response;
        try {
            response = CtlProtocol.decodeResponse(answer);
        } catch (CtlProtocolException e) {
            err.println("the agent's answer is not understood: " + e.getMessage());
            return UNREACHABLE;
        }
        if (json) out.println(new String(answer, StandardCharsets.UTF_8));
        return switch (response) {
            case CtlResponse.Done d -> {
                if (!json) out.println(d.message());
                yield OK;
            }
            case CtlResponse.Sas s -> {
                if (!json) out.print(SaListingText.format(s.listing(), Instant.now()));
                yield OK;
            }
            case CtlResponse.Failed f -> {
                if (!json) err.println(f.error());
                yield FAILED;
            }
        };
    }

    /** Sends one request, returns the response line; gives up after {@link #CLIENT_TIMEOUT}. */
    private static byte[] exchange(Path socket, CtlRequest request) throws IOException, CtlProtocolException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(CLIENT_TIMEOUT);
                channel.close(); // unblocks the read below
            } catch (InterruptedException | IOException done) {
                // answered in time, or closing anyway
            }
        });
        try {
            ByteBuffer out = ByteBuffer.wrap(CtlProtocol.encode(request));
            while (out.hasRemaining()) channel.write(out);
            return CtlProtocol.readLine(Channels.newInputStream(channel), CtlProtocol.MAX_RESPONSE_BYTES);
        } finally {
            watchdog.interrupt();
            channel.close();
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println(USAGE_TEXT);
        return USAGE;
    }
}
