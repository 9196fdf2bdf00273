package net.vpnaas.ike.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A strongSwan installation the interop tests run: Debian 12's 5.9 package, or the 6.0.6 build
 * unpacked at /opt/strongswan-6.0.6 (../shared/peers/README.md; {@code .ci/run} installs it), which
 * adds ML-KEM and multiple key exchanges (RFC 9370). charon's pid file lives in the build's
 * compiled-in run directory, so each instance gets a private one mounted there.
 */
public enum StrongSwanBuild {
    DEBIAN_5_9(Path.of("/usr/lib/ipsec/charon"), Path.of("/usr/sbin/swanctl"), Path.of("/run"),
            Path.of("/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so"),
            "(apt-get install strongswan-charon strongswan-swanctl libcharon-extra-plugins)",
            // kdf is required, kernel-libipsec must precede kernel-netlink.
            "random nonce openssl aes sha1 sha2 hmac kdf gcm chapoly pem pkcs1 pkcs8 x509 "
                    + "pubkey constraints curve25519 kernel-libipsec kernel-netlink socket-default updown vici"),
    V6_0_6(Path.of("/opt/strongswan-6.0.6/libexec/ipsec/charon"), Path.of("/opt/strongswan-6.0.6/sbin/swanctl"),
            Path.of("/opt/strongswan-6.0.6/run"), Path.of("/opt/strongswan-6.0.6/lib/ipsec/plugins/libstrongswan-ml.so"),
            "(tar --zstd -xf ../shared/peers/strongswan-6.0.6.tar.zst -C /, as .ci/run does)",
            // All crypto is in openssl and ml (ML-KEM); there are no separate aes/sha2/gcm/curve25519 plugins.
            "random nonce openssl ml kdf pem pkcs1 pkcs8 x509 pubkey constraints kernel-libipsec kernel-netlink "
                    + "socket-default updown vici");

    private final Path charon;
    private final Path swanctl;
    private final Path runDir;
    private final Path marker;
    private final String howToGet;
    private final String plugins;

    StrongSwanBuild(Path charon, Path swanctl, Path runDir, Path marker, String howToGet, String plugins) {
        this.charon = charon;
        this.swanctl = swanctl;
        this.runDir = runDir;
        this.marker = marker;
        this.howToGet = howToGet;
        this.plugins = plugins;
    }

    public Path charon() {
        return charon;
    }

    public Path swanctl() {
        return swanctl;
    }

    /** Where charon writes its pid file: each instance mounts its own directory over it. */
    public Path runDir() {
        return runDir;
    }

    /** charon's {@code load} list. */
    public String plugins() {
        return plugins;
    }

    /** What of this build is missing, as readable items; empty when all is there. */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(charon, swanctl)) {
            if (!Files.isExecutable(p)) missing.add(p + " " + howToGet);
        }
        if (!Files.exists(marker)) missing.add(marker + " " + howToGet);
        return missing;
    }
}
