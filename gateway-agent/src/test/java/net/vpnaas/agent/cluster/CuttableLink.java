package net.vpnaas.agent.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay standing for the sync link between two members: {@link #cut} breaks every connection through
 * it and refuses new ones (a failed switch port), {@link #restore} lets them through again, {@link #freeze}
 * stalls what flows.
 */
final class CuttableLink implements AutoCloseable {
    private final InetSocketAddress listen;
    private final InetSocketAddress target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile boolean frozen;

    CuttableLink(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listen = new InetSocketAddress(TestCluster.LOOPBACK, TestCluster.freePort());
        restore();
    }

    InetSocketAddress address() {
        return listen;
    }

    synchronized void restore() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(listen);
        server = s;
        Thread.ofVirtual().start(() -> accept(s));
    }

    synchronized void cut() throws IOException {
        server.close();
        for (Socket s : open) s.close();
        open.clear();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            Socket in;
            try {
                in = s.accept();
            } catch (IOException e) {
                return; // cut
            }
            try {
                Socket out = new Socket(target.getAddress(), target.getPort());
                open.add(in);
                open.add(out);
                Thread.ofVirtual().start(() -> pump(in, out));
                Thread.ofVirtual().start(() -> pump(out, in));
            } catch (IOException e) {
                try {
                    in.close(); // the member behind it is not listening (yet)
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** Holds back everything in flight until {@link #thaw} (a congested or stalled link), without breaking it. */
    void freeze() {
        frozen = true;
    }

    void thaw() {
        frozen = false;
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[16384];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                while (frozen) Thread.sleep(5);
                out.write(buffer, 0, n);
            }
        } catch (IOException | InterruptedException ignored) {
            // the link was cut
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
