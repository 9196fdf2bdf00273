package net.vpnaas.api;

import java.io.PrintStream;
import java.util.List;
import net.vpnaas.api.agent.ca.AgentCaStore;
import net.vpnaas.api.db.EmbeddedPostgresConfiguration;
import net.vpnaas.api.idempotency.Idempotency;
import net.vpnaas.api.ikeca.GatewayCertificates;
import net.vpnaas.api.ikeca.TenantIkeCas;
import net.vpnaas.api.peer.PeerService;
import net.vpnaas.api.remoteaccess.RemoteAccessEndpointService;
import net.vpnaas.api.secret.EncryptedColumn;
import net.vpnaas.api.secret.MasterKeys;
import net.vpnaas.api.secret.SecretCipher;
import net.vpnaas.api.secret.SecretReencryption;
import net.vpnaas.api.secret.SecretsProperties;
import net.vpnaas.api.user.Users;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code java -jar api-server.jar reencrypt-secrets [--property=value ...]}: re-encrypts every
 * stored secret under the current master key, prints what it did per kind, and exits 0 when no
 * secret is left under another key (then the previous keys can be removed), 1 otherwise. It takes
 * the server's own properties (the database, embedded with a data directory or external, and the
 * master keys) and runs while replicas serve; running it again re-encrypts only what is left.
 * <p>
 * Its own small Spring context: the database as the server reaches it and the cipher, without the
 * web server, the agent endpoint or anything scheduled. Not a {@code @Configuration} so that the
 * server's component scan leaves it out.
 */
@ComponentScan(basePackageClasses = EmbeddedPostgresConfiguration.class)
@ConfigurationPropertiesScan(basePackageClasses = {EmbeddedPostgresConfiguration.class, SecretsProperties.class})
@Import({MasterKeys.class, SecretCipher.class})
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class})
public final class ReencryptSecretsCommand {
    public static final String NAME = "reencrypt-secrets";
    /** Every column that holds secrets under the master key (ReencryptSecretsCommandTest holds the schema to this list). */
    static final List<EncryptedColumn> COLUMNS = List.of(PeerService.PSKS, PeerService.PASSWORDS, PeerService.PPKS, AgentCaStore.PRIVATE_KEY,
            Idempotency.RESPONSES, TenantIkeCas.PRIVATE_KEYS, GatewayCertificates.PRIVATE_KEYS, Users.TOTP_SECRETS,
            RemoteAccessEndpointService.RADIUS_SECRETS);

    private ReencryptSecretsCommand() {}

    /** Runs the command with Spring arguments ({@code --name=value}); returns the process exit code. */
    public static int run(PrintStream out, String... args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ReencryptSecretsCommand.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .properties("logging.level.root=WARN").run(args)) {
            if (context.getBean(SecretsProperties.class).throwaway()) {
                out.println(NAME + ": refused with vpnaas.secrets.throwaway=true: secrets re-encrypted under a "
                        + "throwaway key would be lost; give the master key the replicas use");
                return 1;
            }
            String current = context.getBean(MasterKeys.class).current().idHex();
            out.println("re-encrypting secrets under master key " + current);
            var reencryption = new SecretReencryption(context.getBean(JdbcTemplate.class), context.getBean(SecretCipher.class));
            int failures = 0;
            for (EncryptedColumn column : COLUMNS) {
                SecretReencryption.Tally tally = reencryption.reencrypt(column);
                out.println(tally.kind() + ": " + tally.reencrypted() + " re-encrypted, " + tally.alreadyCurrent()
                        + " already under the current key" + (tally.failures().isEmpty() ? "" : ", "
                        + tally.failures().size() + " left as they were:"));
                tally.failures().forEach(failure -> out.println("  " + failure));
                failures += tally.failures().size();
            }
            out.println(failures == 0
                    ? "every secret is under master key " + current + ": the previous master keys can be removed"
                    : failures + " secrets are not under master key " + current + ": keep the previous master keys");
            return failures == 0 ? 0 : 1;
        }
    }
}
