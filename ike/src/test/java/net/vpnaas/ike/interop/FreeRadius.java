package net.vpnaas.ike.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * FreeRADIUS 3.2 (Debian {@code freeradius}) in a namespace with a configuration of its own, written
 * here from nothing (not the package's /etc/freeradius, so no test depends on how a machine changed
 * it): one authentication listener, one client (the gateway) with its secret, users with cleartext
 * passwords for EAP-MSCHAPv2 (also inside EAP-TTLS and PEAP), EAP-TLS against {@code ca}, and a Reply-Message on every reject. Started
 * in the foreground ({@code -X}), tracked by its process, stopped by {@link #close}; {@link #suspend}
 * makes it a server that has gone silent.
 */
public final class FreeRadius implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/freeradius");

    private final Process process;
    private final Path log;
    private boolean suspended;

    private FreeRadius(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * A server on 127.0.0.1:{@code port} of {@code ns}; TLS files (PEM) are the server's certificate, key and the CA of clients.
     *
     * @param mschapv2ErrorInEap where EAP-MSCHAPv2 puts MS-CHAP-Error on a wrong password: in an MSCHAPv2 Failure
     *                           Request to the client ({@code send_error = yes}), or (FreeRADIUS's default) in the
     *                           Access-Reject, the client getting a bare EAP-Failure
     */
    public static FreeRadius start(NetNs ns, Path dir, int port, String secret, Map<String, String> users, String defaultEapType,
                                   boolean mschapv2ErrorInEap, String serverCertPem, String serverKeyPem, String caPem) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("server.pem"), serverCertPem);
            Files.writeString(dir.resolve("server.key"), serverKeyPem);
            Files.writeString(dir.resolve("ca.pem"), caPem);
            StringBuilder u = new StringBuilder();
            users.forEach((name, password) -> u.append('"').append(name).append("\" Cleartext-Password := \"").append(password).append("\"\n"));
            Files.writeString(dir.resolve("users"), u.toString());
            Files.writeString(dir.resolve("radiusd.conf"), conf(dir, port, secret, defaultEapType, mschapv2ErrorInEap));
            Path log = dir.resolve("radiusd.log");
            Process p = ns.start(Map.of(), log, List.of(BINARY.toString(), "-X", "-d", dir.toString(), "-n", "radiusd"));
            FreeRadius server = new FreeRadius(p, log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String conf(Path dir, int port, String secret, String defaultEapType, boolean mschapv2ErrorInEap) {
        return """
                prefix = /usr
                exec_prefix = /usr
                sysconfdir = /etc
                localstatedir = /var
                sbindir = /usr/sbin
                libdir = /usr/lib/freeradius
                confdir = %1$s
                raddbdir = %1$s
                logdir = %1$s
                run_dir = %1$s
                db_dir = %1$s
                radacctdir = %1$s
                pidfile = %1$s/radiusd.pid
                max_request_time = 30
                cleanup_delay = 5
                max_requests = 1024
                hostname_lookups = no
                log {
                  destination = stdout
                  auth = yes
                }
                security {
                  allow_core_dumps = no
                  max_attributes = 200
                  reject_delay = 0
                  status_server = no
                }
                thread pool {
                  start_servers = 2
                  max_servers = 4
                  min_spare_servers = 1
                  max_spare_servers = 3
                }
                client gateway {
                  ipaddr = 127.0.0.1
                  secret = "%3$s"
                  require_message_authenticator = yes
                }
                modules {
                  files {
                    filename = %1$s/users
                  }
                  mschap {
                  }
                  eap {
                    default_eap_type = %4$s
                    timer_expire = 60
                    max_sessions = 4096
                    md5 {
                    }
                    mschapv2 {
                      send_error = %5$s
                    }
                    tls-config tls-common {
                      private_key_file = %1$s/server.key
                      certificate_file = %1$s/server.pem
                      ca_file = %1$s/ca.pem
                      cipher_list = "DEFAULT"
                      tls_min_version = "1.2"
                      tls_max_version = "1.2"
                    }
                    tls {
                      tls = tls-common
                    }
                    # TTLS and PEAP: the same TLS server, with EAP-MSCHAPv2 for the user inside the tunnel,
                    # checked by the inner-tunnel server below against the same users.
                    ttls {
                      tls = tls-common
                      default_eap_type = mschapv2
                      virtual_server = "inner-tunnel"
                    }
                    peap {
                      tls = tls-common
                      default_eap_type = mschapv2
                      virtual_server = "inner-tunnel"
                    }
                  }
                }
                server inner-tunnel {
                  authorize {
                    files
                    eap {
                      ok = return
                    }
                  }
                  authenticate {
                    eap
                    Auth-Type MS-CHAP {
                      mschap
                    }
                  }
                }
                server default {
                  listen {
                    type = auth
                    ipaddr = 127.0.0.1
                    port = %2$d
                  }
                  authorize {
                    files
                    eap {
                      ok = return
                    }
                  }
                  authenticate {
                    eap
                    Auth-Type MS-CHAP {
                      mschap
                    }
                  }
                  post-auth {
                    Post-Auth-Type REJECT {
                      update reply {
                        Reply-Message := "access denied for %%{User-Name}"
                      }
                    }
                  }
                }
                """.formatted(dir, port, secret, defaultEapType, mschapv2ErrorInEap ? "yes" : "no");
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!log().contains("Ready to process requests")) {
            if (!process.isAlive()) throw new IllegalStateException("freeradius exited with " + process.exitValue() + ":\n" + log());
            if (System.nanoTime() > deadline) throw new IllegalStateException("freeradius not ready within 20 s:\n" + log());
            NetNs.sleep(Duration.ofMillis(50));
        }
    }

    /**
     * Stops the process (SIGSTOP) with its socket open: requests are neither answered nor refused with
     * an ICMP port unreachable, as with a server whose host or network went down.
     */
    public void suspend() {
        ProcessBuilder kill = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).inheritIO();
        try {
            if (kill.start().waitFor() != 0) throw new IllegalStateException("kill -STOP " + process.pid() + " failed");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        suspended = true;
    }

    /** The server's process, e.g. for its CPU time. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** How many logins this server accepted, as its log says. */
    public long loginsAccepted() {
        return log().lines().filter(l -> l.contains("Login OK: ")).count();
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // A stopped process acts on SIGTERM only once continued; SIGKILL needs no cooperation.
        if (suspended) process.destroyForcibly();
        else process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
