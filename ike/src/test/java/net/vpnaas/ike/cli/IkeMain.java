package net.vpnaas.ike.cli;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.engine.IkeEngine;
import net.vpnaas.ike.transport.UdpTransport;

/**
 * Runs the IKE engine alone for one connection over real UDP sockets (ports from the file, 500 and
 * 4500 by default), logging each IKE message as one line on stderr and each Child SA on stdout.
 * No data path: Child SAs are only recorded. Stops (sending an IKE Delete) on SIGTERM / Ctrl-C.
 *
 * <pre>java [-Dike.log=WARNING] -cp ike/target/test-classes:ike/target/classes:bcprov.jar net.vpnaas.ike.cli.IkeMain connection.properties</pre>
 * {@code -Dike.log} sets the log level (default INFO: one line per message; WARNING: problems only).
 *
 * <p>A test tool, in the test sources with its file format ({@link ConnectionFile}, proposal and
 * identity text): the interop tests and {@code bin/bench-ike-engine} run it. The engine module
 * defines no configuration grammar of its own; the product's is tenant-model's.
 */
public final class IkeMain {

    private IkeMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: IkeMain <connection.properties>");
            System.exit(2);
        }
        configureLogging(Level.parse(System.getProperty("ike.log", "INFO")));
        ConnectionFile file = ConnectionFile.read(Path.of(args[0]));
        var c = file.connection();
        UdpTransport transport = new UdpTransport(c.local().getAddress(), c.local().getPort(), file.options().nattPort());
        IkeEngine engine = new IkeEngine(transport, new LoggingSaSink(System.out), RandomSource.secure(), file.options());
        engine.addConnection(c);
        engine.start();
        System.err.println("listening on " + transport.ikeAddress() + " and " + transport.nattAddress() + (file.initiate() ? ", initiating " : ", responding for ") + c.name());
        if (file.initiate()) engine.initiate(c.name());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.deleteIke(c.name());
            try {
                Thread.sleep(300); // let the Delete leave
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            engine.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** One line per record on stderr: time, level, message (and the exception, if any). */
    public static void configureLogging(Level level) {
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) root.removeHandler(h);
        ConsoleHandler h = new ConsoleHandler();
        h.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                return "%1$tT.%1$tL %2$s %3$s%n".formatted(r.getMillis(), r.getLevel(), formatMessage(r))
                        + (r.getThrown() == null ? "" : r.getThrown() + System.lineSeparator());
            }
        });
        h.setLevel(Level.ALL);
        root.addHandler(h);
        root.setLevel(level);
    }
}
