package net.vpnaas.api.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.vpnaas.api.ApiServerApplication;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** api-server replicas in this JVM, on one PostgreSQL, each with its own ports: started and stopped at will. */
final class Replicas {
    static final Duration CERTIFICATE_LIFETIME = Duration.ofSeconds(180);

    private Replicas() {}

    /**
     * {@code agentPort} 0: any free port; {@code properties}: more of the server's ({@code --name=value}).
     * Retries a few times: a just-closed replica's port may still be held briefly.
     */
    static ConfigurableApplicationContext start(EmbeddedPostgres pg, int agentPort, String... properties) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--server.port=0", "--vpnaas.agent.port=" + agentPort,
                "--vpnaas.secrets.master-key=" + ApiTestBase.MASTER_KEY,
                "--vpnaas.bootstrap.admin-key=" + ApiTestBase.BOOTSTRAP_KEY,
                // Short-lived agent certificates: the agent renews one (at two thirds) during the test.
                "--vpnaas.agent.certificate-lifetime=" + CERTIFICATE_LIFETIME.toSeconds() + "s"));
        args.addAll(List.of(properties));
        RuntimeException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                return new SpringApplicationBuilder(ApiServerApplication.class).run(args.toArray(String[]::new));
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(500);
            }
        }
        throw last;
    }

    static ApiClient client(ConfigurableApplicationContext replica, String apiKey) {
        return new ApiClient(((WebServerApplicationContext) replica).getWebServer().getPort(), apiKey);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
