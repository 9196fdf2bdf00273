package net.vpnaas.ike.interop;

import java.time.Duration;
import java.util.List;

/** Medians for benchmark samples (the machines are noisy; means would follow the outliers). */
public final class Stats {

    private Stats() {}

    public static double median(double[] samples) {
        double[] s = samples.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    public static Duration median(List<Duration> samples) {
        double[] ns = samples.stream().mapToDouble(Duration::toNanos).toArray();
        return Duration.ofNanos((long) median(ns));
    }
}
