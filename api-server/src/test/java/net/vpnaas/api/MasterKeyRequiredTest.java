package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import net.vpnaas.api.secret.MasterKeyConfigurationException;
import net.vpnaas.api.secret.SecretCipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Without a master key the server does not start (one line says why), unless told it is a throwaway instance. */
@ExtendWith(OutputCaptureExtension.class)
class MasterKeyRequiredTest {
    static ConfigurableApplicationContext server(String... secrets) {
        return new SpringApplicationBuilder(ApiServerApplication.class).run(Stream.concat(
                Stream.of("--server.port=0", "--vpnaas.agent.port=0", "--vpnaas.secrets.master-key="),
                Stream.of(secrets)).toArray(String[]::new));
    }

    @Test
    void withoutAMasterKeyTheServerRefusesToStart(CapturedOutput output) {
        assertThatThrownBy(MasterKeyRequiredTest::server).rootCause().isInstanceOf(MasterKeyConfigurationException.class);
        assertThat(output).contains("APPLICATION FAILED TO START", "\nvpnaas.secrets.master-key is not set: secrets at rest "
                + "(PSKs, the agent CA key) need a master key that every replica shares and that outlives restarts\n",
                "vpnaas.secrets.throwaway=true");
        assertThat(output).as("the report, not a stack trace").doesNotContain("at net.vpnaas");
    }

    @Test
    void aThrowawayInstanceStartsOnARandomKeyAndSaysSo(CapturedOutput output) {
        try (var server = server("--vpnaas.secrets.throwaway=true")) {
            assertThat(output).contains("vpnaas.secrets.throwaway=true and no vpnaas.secrets.master-key: secrets are encrypted "
                    + "under a random key for this run only");
            SecretCipher cipher = server.getBean(SecretCipher.class);
            byte[] aad = "row".getBytes(StandardCharsets.UTF_8);
            assertThat(cipher.decrypt(cipher.encrypt(aad, aad), aad)).isEqualTo(aad);
        }
    }
}
