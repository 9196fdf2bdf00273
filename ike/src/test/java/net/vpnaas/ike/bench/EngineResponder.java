package net.vpnaas.ike.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Our responder ({@link EngineResponderMain}) in a child JVM started under {@code taskset -c CORE} in
 * its namespace, so that the JVM sees one CPU (its GC and JIT threads share that core, and count in
 * its CPU time) and gets the same core charon gets.
 */
final class EngineResponder implements Responder {
    private final ResponderSite site;
    private final Path dir;
    private final Process jvm;
    private final OutputStream stdin;

    private EngineResponder(ResponderSite site, Path dir, Process jvm) {
        this.site = site;
        this.dir = dir;
        this.jvm = jvm;
        this.stdin = jvm.getOutputStream();
    }

    static EngineResponder start(ResponderSite site, BenchCredentials creds, int core) throws IOException, InterruptedException {
        return start(site, creds, core, false);
    }

    /**
     * @param defended with the defences an agent runs (COOKIE, puzzles, half-open limits), and open to
     *                 initiators at any address as a remote-access gateway is, so that a flood from
     *                 spoofed sources meets the defences rather than the connection lookup
     */
    static EngineResponder start(ResponderSite site, BenchCredentials creds, int core, boolean defended)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ib-engine-");
        StringBuilder props = new StringBuilder("""
                name=bench
                local=%s
                remote=%s
                local_id=%s
                remote_id=%s
                ike=%s
                esp=%s
                local_ts=%s
                remote_ts=%s
                start=respond
                rekey_ike=0
                rekey_child=0
                dpd=0
                """.formatted(site.responderAddress(), defended ? "0.0.0.0" : site.generatorAddress(), BenchCredentials.RESPONDER_ID,
                BenchCredentials.INITIATOR_ID, creds.benchCase().ikeProposal, BenchCase.ESP_PROPOSAL, BenchCase.RESPONDER_TS,
                BenchCase.INITIATOR_TS));
        if (creds.ppk() != null) {
            props.append("ppk=").append(BenchCredentials.PPK_ID).append(':').append(java.util.HexFormat.of().formatHex(creds.ppk()))
                    .append("\nppk_required=yes\n");
        }
        if (creds.benchCase().auth == BenchCase.Auth.PSK) {
            props.append("psk=").append(creds.psk()).append('\n');
        } else {
            creds.writeResponderFiles(dir);
            props.append("cert=").append(dir.resolve("responder.pem")).append("\nkey=").append(dir.resolve("responder.key"))
                    .append("\nca=").append(dir.resolve("ca.pem")).append('\n');
        }
        Path conf = dir.resolve("connection.properties");
        Files.writeString(conf, props);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(List.of("ip", "netns", "exec", site.ns(), "taskset", "-c", Integer.toString(core),
                java, "-cp", System.getProperty("java.class.path"), EngineResponderMain.class.getName(), conf.toString(),
                defended ? "defended" : "undefended"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("engine.out").toFile());
        EngineResponder r = new EngineResponder(site, dir, pb.start());
        try {
            r.awaitOutput("ready", Duration.ofSeconds(20));
            return r;
        } catch (RuntimeException | InterruptedException e) {
            r.close();
            throw e;
        }
    }

    private String output() {
        try {
            return Files.readString(dir.resolve("engine.out"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until a line of the output starts with {@code line}. */
    private String awaitOutput(String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String out = output();
            if (out.lines().anyMatch(l -> l.startsWith(line))) return out;
            if (!jvm.isAlive()) throw new IllegalStateException("our responder exited:\n" + out);
            Thread.sleep(50);
        }
        throw new IllegalStateException("our responder did not print '" + line + "' within " + timeout + ":\n" + output());
    }

    @Override
    public String label() {
        return "ours";
    }

    @Override
    public long pid() {
        return jvm.pid();
    }

    @Override
    public InetSocketAddress address() {
        return new InetSocketAddress(site.responderAddress(), 500);
    }

    /** Asks the responder for its IKE SAs; ours must be ESTABLISHED with the Child SA the generator saw. */
    @Override
    public String confirmEstablished(Handshake h) {
        String expected = String.format("IKE %016x %016x ESTABLISHED CHILD %08x", h.spi(), h.responderSpi(), h.responderChildSpi());
        return list().stream().filter(l -> l.equals(expected)).findFirst().orElseThrow(() ->
                new IllegalStateException("our responder does not list '" + expected + "':\n" + output()));
    }

    /** The defence line of its answer to "list" (level, half-open, cookies, puzzles, drops). */
    String defence() {
        return list().stream().filter(l -> l.startsWith("defence ")).findFirst().orElse("?");
    }

    /** Its Child SA counts and IKE SAs left. */
    @Override
    public String summary() {
        List<String> lines = list();
        return lines.stream().filter(l -> l.startsWith("child SAs")).findFirst().orElse("?")
                + "; IKE SAs left " + lines.stream().filter(l -> l.startsWith("IKE ")).count();
    }

    /** Sends "list" and returns the answer's lines (those after the previous "end"). */
    private List<String> list() {
        try {
            long endsBefore = output().lines().filter("end"::equals).count();
            stdin.write("list\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                List<String> lines = output().lines().toList();
                if (lines.stream().filter("end"::equals).count() > endsBefore) {
                    int from = 0;
                    long seen = 0;
                    for (int i = 0; i < lines.size() && seen < endsBefore; i++) {
                        if (lines.get(i).equals("end")) {
                            seen++;
                            from = i + 1;
                        }
                    }
                    return lines.subList(from, lines.size());
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("our responder did not answer 'list':\n" + output());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            jvm.destroy();
            if (!jvm.waitFor(5, TimeUnit.SECONDS)) jvm.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            jvm.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
