package net.vpnaas.ike.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.vpnaas.ike.sasink.ChildSaInstall;
import net.vpnaas.ike.sasink.ChildSaUsage;
import net.vpnaas.ike.sasink.Endpoints;
import net.vpnaas.ike.sasink.SaEventListener;
import net.vpnaas.ike.sasink.SaSink;
import net.vpnaas.ike.sasink.TrafficPolicy;

/**
 * The SaSink of the standalone engine: no data path, it prints each Child SA event as one line on
 * stdout (SPIs in hex, as {@code swanctl --list-sas} shows them) so scripts and tests can compare.
 */
final class LoggingSaSink implements SaSink {
    private final PrintStream out;
    private final Map<Long, ChildSaInstall> installed = new ConcurrentHashMap<>();

    LoggingSaSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void addChildSa(ChildSaInstall sa) {
        installed.put(sa.inbound().spi(), sa);
        out.printf("CHILD_SA add reqid=%d in=%08x out=%08x encr=%d/%d integ=%d encap=%s local=%s remote=%s%n", sa.reqid(),
                sa.inbound().spi(), sa.outbound().spi(), sa.transform().encryptionId(), sa.transform().keyBits(),
                sa.transform().integrityId(), sa.endpoints().udpEncapsulation(), sa.endpoints().local(), sa.endpoints().remote());
        out.flush();
    }

    @Override
    public void updateEndpoints(long inboundSpi, Endpoints endpoints) {
        out.printf("CHILD_SA move in=%08x local=%s remote=%s%n", inboundSpi, endpoints.local(), endpoints.remote());
        out.flush();
    }

    @Override
    public void deleteChildSa(long inboundSpi) {
        if (installed.remove(inboundSpi) != null) {
            out.printf("CHILD_SA delete in=%08x%n", inboundSpi);
            out.flush();
        }
    }

    @Override
    public void installPolicy(TrafficPolicy policy) {
        out.printf("POLICY add reqid=%d local=%s remote=%s%n", policy.reqid(), policy.local(), policy.remote());
        out.flush();
    }

    @Override
    public void removePolicy(TrafficPolicy policy) {
        out.printf("POLICY delete reqid=%d%n", policy.reqid());
        out.flush();
    }

    @Override
    public void advanceOutboundSequence(long inboundSpi, long delta) {
        out.printf("CHILD_SA in=%08x outbound sequence +%d%n", inboundSpi, delta);
        out.flush();
    }

    @Override
    public void advanceReplayWindow(long inboundSpi, long delta) {
        out.printf("CHILD_SA in=%08x replay window +%d%n", inboundSpi, delta);
        out.flush();
    }

    @Override
    public Optional<ChildSaUsage> usage(long inboundSpi) {
        return Optional.empty(); // no data path, no counters
    }

    @Override
    public void setListener(SaEventListener listener) {
        // Without a data path there are no lifetime expiries or acquires to report.
    }

}
