package net.vpnaas.api.secret;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link MasterKeyConfigurationException} into Spring Boot's start-up failure report: its
 * one-line message and what to do, instead of a stack trace through the bean factory.
 */
class MasterKeyFailureAnalyzer extends AbstractFailureAnalyzer<MasterKeyConfigurationException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MasterKeyConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), """
                Give every replica the same vpnaas.secrets.master-key (base64 of 32 random bytes, e.g. from \
                `openssl rand -base64 32`) or vpnaas.secrets.master-key-file naming a file that holds it, and during \
                a rotation the same vpnaas.secrets.previous-master-keys (README: "The master key and its rotation"). \
                An instance whose data may be lost (tests, benchmarks) may set vpnaas.secrets.throwaway=true instead.""",
                cause);
    }
}
