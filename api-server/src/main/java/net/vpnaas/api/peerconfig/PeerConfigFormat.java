package net.vpnaas.api.peerconfig;

import java.util.Arrays;
import java.util.Optional;

/** The devices a tunnel's customer side can be configured for, each with its renderer and file name. */
public enum PeerConfigFormat {
    STRONGSWAN("strongswan", ".swanctl.conf", StrongSwanConfig::render),
    LIBRESWAN("libreswan", ".libreswan.conf", LibreswanConfig::render),
    CISCO_IOS("cisco-ios", ".cisco-ios.txt", CiscoIosConfig::render);

    /** Writes the configuration, or refuses what the target cannot express. */
    @FunctionalInterface
    interface Renderer {
        String render(CustomerSide side) throws UnexpressibleConfigurationException;
    }

    private final String wireName;
    private final String fileSuffix;
    private final Renderer renderer;

    PeerConfigFormat(String wireName, String fileSuffix, Renderer renderer) {
        this.wireName = wireName;
        this.fileSuffix = fileSuffix;
        this.renderer = renderer;
    }

    public static Optional<PeerConfigFormat> fromWireName(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst();
    }

    public String wireName() {
        return wireName;
    }

    public String fileName(CustomerSide side) {
        return side.connectionName() + fileSuffix;
    }

    public String render(CustomerSide side) throws UnexpressibleConfigurationException {
        return renderer.render(side);
    }
}
