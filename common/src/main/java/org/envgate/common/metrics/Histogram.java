package org.envgate.common.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long something took, counted into fixed buckets for a Prometheus histogram: cheap to
 * observe from any thread, and summable across instances (a summary's quantiles are not).
 */
public final class Histogram {

    /** Bucket bounds for an operation over the network that usually takes milliseconds and may take seconds. */
    public static final double[] NETWORK_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final double[] bounds;
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();

    /** @param bounds the buckets' upper bounds, ascending; the {@code +Inf} bucket is added */
    public Histogram(double... bounds) {
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must be finite and ascending: " + Arrays.toString(bounds));
            }
        }
        this.bounds = bounds.clone();
        this.counts = new LongAdder[bounds.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void observe(double value) {
        int bucket = 0;
        while (bucket < bounds.length && value > bounds[bucket]) {
            bucket++;
        }
        counts[bucket].increment();
        sum.add(value);
    }

    /** The buckets now: cumulative counts, the last one ({@code +Inf}) being the count of all. */
    public Snapshot snapshot() {
        long[] cumulative = new long[counts.length];
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(bounds.clone(), cumulative, sum.sum());
    }

    /**
     * @param bounds     upper bounds of all but the last bucket
     * @param cumulative observations at most each bound, then all of them
     */
    public record Snapshot(double[] bounds, long[] cumulative, double sum) {

        public long count() {
            return cumulative[cumulative.length - 1];
        }
    }
}
