package net.vpnaas.dataplane.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayWindowTest {

    /** Feeds the packets in order; each expected value is the full sequence number, or -1 for a drop. */
    private static long[] run(int size, boolean esn, long start, long... lowSeqs) {
        ReplayWindow w = new ReplayWindow(size, esn);
        if (start > 0) assertThat(w.accept(start)).isTrue();
        long[] result = new long[lowSeqs.length];
        for (int i = 0; i < lowSeqs.length; i++) {
            long seq = w.check((int) lowSeqs[i]);
            if (seq != ReplayWindow.REJECT && !w.accept(seq)) seq = ReplayWindow.REJECT;
            result[i] = seq;
        }
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            in order                        | 64   | 0    | 1 2 3 4               | 1 2 3 4
            duplicate                       | 64   | 0    | 1 2 2 3 1             | 1 2 -1 3 -1
            zero is never valid             | 64   | 0    | 0 1                   | -1 1
            reordered within window         | 64   | 0    | 5 3 4 1 2 5           | 5 3 4 1 2 -1
            left edge accepted              | 64   | 100  | 37                    | 37
            just left of window dropped     | 64   | 100  | 36                    | -1
            very old dropped                | 64   | 100  | 1                     | -1
            big jump clears bitmap          | 64   | 10   | 1000 999 10 937 936   | 1000 999 -1 937 -1
            window 4096 right edge          | 4096 | 5000 | 905 904 5000 4999     | 905 -1 -1 4999
            window 100 not power of two     | 100  | 200  | 101 100 150 150       | 101 -1 150 -1
            """)
    void withoutEsn(String name, int size, long start, String in, String expected) {
        assertThat(run(size, false, start, parse(in))).containsExactly(parse(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            wraps into next subspace (low 0 valid) | 64 | 4294967290 | 4294967295 0 1 2 0     | 4294967295 4294967296 4294967297 4294967298 -1
            late packet of previous subspace   | 64 | 4294967300 | 4294967290 4294967280     | 4294967290 4294967280
            below the window means next subspace, ICV decides | 64 | 4294967300 | 4294967200 | 8589934496
            duplicate across the wrap          | 64 | 4294967300 | 4 4                        | -1 -1
            start of SA rejects high low bits  | 64 | 0          | 4294967295 1               | -1 1
            window 4096 spanning subspaces     | 4096 | 4294967396 | 4294964000 4294964000 4294963301 | 4294964000 -1 4294963301
            """)
    void withEsnInfersHighBits(String name, int size, long start, String in, String expected) {
        assertThat(run(size, true, start, parse(in))).containsExactly(parse(expected));
    }

    @Test
    void checkDoesNotMoveTheWindowUntilTheIcvVerified() {
        ReplayWindow w = new ReplayWindow(64, false);
        assertThat(w.check(1000)).isEqualTo(1000);
        // the forged packet 1000 failed its ICV, so it was never accepted: 1 is still inside the window
        assertThat(w.check(1)).isEqualTo(1);
        assertThat(w.highest()).isZero();
    }

    @Test
    void disabledWindowAcceptsDuplicates() {
        ReplayWindow w = new ReplayWindow(0, false);
        assertThat(w.accept(w.check(5))).isTrue();
        assertThat(w.check(5)).isEqualTo(5);
        assertThat(w.check(1)).isEqualTo(1);
    }

    @Test
    void everySequenceOfALargeWindowIsTrackedIndividually() {
        ReplayWindow w = new ReplayWindow(4096, true);
        for (int s = 1; s <= 8192; s += 2) assertThat(w.accept(w.check(s))).isTrue();
        // odd ones inside the window are duplicates, even ones are new, below the window all drop
        assertThat(w.check(8191)).isEqualTo(ReplayWindow.REJECT);
        assertThat(w.check(8190)).isEqualTo(8190);
        assertThat(w.check(4098)).isEqualTo(4098);
        assertThat(w.check(4097)).isEqualTo(ReplayWindow.REJECT);
        assertThat(w.check(4096)).isEqualTo(4096); // left edge: 8191 - 4096 + 1
        assertThat(w.check(4094)).isEqualTo(4094 + (1L << 32)); // ESN: left of the window is read as the next subspace
    }

    @Test
    void advancedAfterATakeoverNothingUpToTheNewTopPassesAgain() {
        // This member's copy of the window stopped at 100; the member before it may have accepted up to 100 + 1000.
        ReplayWindow w = new ReplayWindow(64, false);
        for (int s = 1; s <= 100; s++) assertThat(w.accept(w.check(s))).isTrue();
        w.advance(1000);
        assertThat(w.highest()).isEqualTo(1100);
        assertThat(w.check(101)).isEqualTo(ReplayWindow.REJECT);  // left of the window
        assertThat(w.check(1090)).isEqualTo(ReplayWindow.REJECT); // inside it, counted as received
        assertThat(w.check(1100)).isEqualTo(ReplayWindow.REJECT);
        assertThat(w.check(1101)).isEqualTo(1101);                // the peer's advanced counter gets through
    }

    private static long[] parse(String s) {
        return Arrays.stream(s.trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
    }

    /** A window exported by one member and merged into another's refuses exactly what the first accepted. */
    @ParameterizedTest(name = "size {0} into {1}, ESN {2}")
    @CsvSource({"64, 64, false", "100, 4096, false", "4096, 64, false", "128, 128, true"})
    void exportedWindowMergedElsewhereRefusesWhatWasAccepted(int fromSize, int toSize, boolean esn) {
        long base = esn ? (3L << 32) - 40 : 1000; // with ESN the window straddles a 2^32 boundary
        ReplayWindow from = new ReplayWindow(fromSize, esn);
        for (long s = base; s < base + 80; s++) {
            if (s % 3 != 0) assertThat(from.accept(s)).isTrue(); // every third number never arrived
        }
        ReplayWindow to = new ReplayWindow(toSize, esn);
        to.merge(from.export());
        long top = from.highest();
        assertThat(top).isGreaterThan(base + 70);
        assertThat(to.highest()).isEqualTo(top);
        for (long s = top - Math.min(fromSize, toSize) + 1; s <= top; s++) {
            boolean acceptedBefore = s >= base && s % 3 != 0;
            assertThat(to.check((int) s)).as("number " + s).isEqualTo(acceptedBefore ? ReplayWindow.REJECT : s);
        }
        // beyond the first window its fate is unknown: refused, as the first member would have refused it
        if (toSize > fromSize) assertThat(to.check((int) (top - fromSize))).isEqualTo(ReplayWindow.REJECT);
        assertThat(to.check((int) (top + 1))).isEqualTo(top + 1);
    }

    /** A snapshot carries only the top of a large window: older numbers count as received, newer gaps stay open. */
    @Test
    void exportOfTheTopOnlyRefusesOlderNumbersAndKeepsNewerGapsOpen() {
        ReplayWindow from = new ReplayWindow(4096, false);
        for (long s = 1; s <= 3000; s++) {
            if (s != 2990 && s != 2000) from.accept(s);
        }
        ReplayWindow.State top = from.export(64);
        assertThat(top.size()).isEqualTo(64);
        ReplayWindow to = new ReplayWindow(4096, false);
        to.merge(top);
        assertThat(to.check(2990)).as("a gap near the top").isEqualTo(2990);
        assertThat(to.check(2000)).as("a gap below the exported bits").isEqualTo(ReplayWindow.REJECT);
        assertThat(to.check(2999)).isEqualTo(ReplayWindow.REJECT);
    }
}
