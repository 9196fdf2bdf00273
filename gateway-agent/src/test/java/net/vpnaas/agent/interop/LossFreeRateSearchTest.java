package net.vpnaas.agent.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import net.vpnaas.ike.interop.Iperf3.UdpResult;
import org.junit.jupiter.api.Test;

/** The benchmark's rate search against a simulated tunnel that loses everything above a capacity. */
class LossFreeRateSearchTest {

    /** Delivers at most {@code capacity} packets/s; the excess is lost. */
    private static UdpResult tunnel(double capacity, double rate) {
        double delivered = Math.min(rate, capacity);
        return new UdpResult(rate, delivered, 100 * (rate - delivered) / rate);
    }

    @Test
    void convergesOnTheCapacityFromBelow() {
        LossFreeRateSearch.Result r = new LossFreeRateSearch(0.1, 10).search(200_000, rate -> tunnel(73_000, rate));

        assertTrue(r.deliveredPacketsPerSecond() <= 73_000, "never above what was carried: " + r);
        assertTrue(r.deliveredPacketsPerSecond() > 73_000 - 200_000 / 1024.0 * 2, "within the search's resolution: " + r);
    }

    @Test
    void aLossWithinTheBoundStillPasses() {
        // 0.05% of every run lost: under a 0.1% bound the search climbs to the ceiling
        LossFreeRateSearch.Result r = new LossFreeRateSearch(0.1, 6)
                .search(64_000, rate -> new UdpResult(rate, rate * 0.9995, 0.05));

        assertEquals(64_000 * (1 - 1 / 64.0) * 0.9995, r.deliveredPacketsPerSecond(), 1);
    }

    @Test
    void oneSpuriousFailureIsRepeatedAndDoesNotHalveTheResult() {
        Queue<Boolean> hiccups = new ArrayDeque<>(List.of(true)); // the very first run is disturbed
        LossFreeRateSearch.Result r = new LossFreeRateSearch(0.1, 8).search(100_000, rate -> {
            Boolean hiccup = hiccups.poll();
            return hiccup != null && hiccup ? new UdpResult(rate, rate * 0.9, 10) : tunnel(80_000, rate);
        });

        assertTrue(r.deliveredPacketsPerSecond() > 75_000, "the repeat passed, so the search went up: " + r);
        assertEquals(50_000, r.trials().get(1).requested(), "the failed first run was repeated at the same rate");
    }

    @Test
    void aRateThatFailsTwiceBoundsTheSearch() {
        LossFreeRateSearch.Result r = new LossFreeRateSearch(0.1, 4).search(100_000, rate -> tunnel(10_000, rate));

        // 50k, 25k, 12.5k fail (each tried twice), 6.25k passes
        assertEquals(7, r.trials().size());
        assertEquals(6_250, r.deliveredPacketsPerSecond(), 1e-6);
    }
}
