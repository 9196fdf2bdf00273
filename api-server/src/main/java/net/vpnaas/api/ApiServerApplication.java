package net.vpnaas.api;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ApiServerApplication {
    /** The server; or, with {@code reencrypt-secrets} first, that command (see {@link ReencryptSecretsCommand}). */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(ReencryptSecretsCommand.NAME)) {
            System.exit(ReencryptSecretsCommand.run(System.out, Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(ApiServerApplication.class, args);
    }
}
