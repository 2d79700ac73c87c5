package dev.aurorajdbc.benchmarks.report;

import java.util.Arrays;
import java.util.List;

/**
 * Order statistics of a sample of measurements (milliseconds, counts): the median, the 95th percentile, the minimum
 * and the maximum.
 *
 * <p>The median is the middle value (the mean of the two middle values for an even count). The 95th percentile is the
 * nearest-rank one: the smallest value such that at least 95 % of the sample is at or below it — with 20 trials the
 * 19th smallest, so one outlier in 20 does not move it and two do. Both are exact for the sample; none is
 * extrapolated.
 *
 * @param count  the number of values
 * @param median the median
 * @param p95    the nearest-rank 95th percentile
 * @param min    the smallest value
 * @param max    the largest value
 */
public record Stats(int count, double median, double p95, double min, double max) {

    /** The statistics of {@code values}; a sample must not be empty. */
    public static Stats of(List<? extends Number> values) {
        double[] sorted = new double[values.size()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = values.get(i).doubleValue();
        }
        return of(sorted);
    }

    /** The statistics of {@code values} (not modified); a sample must not be empty. */
    public static Stats of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values: statistics of an empty sample are undefined");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Stats(n, median, percentile(sorted, 95), sorted[0], sorted[n - 1]);
    }

    /** The nearest-rank {@code p}th percentile (0 &lt; p ≤ 100) of an ascending, non-empty array. */
    static double percentile(double[] sorted, int p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
