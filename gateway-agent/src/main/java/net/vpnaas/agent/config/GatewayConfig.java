package net.vpnaas.agent.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * This gateway: its name, the identity it sends in IDi/IDr, the public addresses IKE and ESP use,
 * and optionally the certificate and key it authenticates with (needed by certificate peers).
 */
public record GatewayConfig(String name, String ikeIdentity, List<InetAddress> publicAddresses,
                            Optional<Certificate> certificate) {

    public GatewayConfig {
        Objects.requireNonNull(name);
        Objects.requireNonNull(ikeIdentity);
        publicAddresses = List.copyOf(publicAddresses);
        Objects.requireNonNull(certificate);
    }

    /** PEM files; relative names in the config file are resolved against its folder. */
    public record Certificate(Path certificateFile, Path privateKeyFile) {}
}
