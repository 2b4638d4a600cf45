package org.envgate.simulator.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.envgate.simulator.scenario.SentReading;
import org.envgate.wire.Reading;

/**
 * What arrived compared with what a scenario sent, per sensor and quantity.
 *
 * <p>An arrived reading <em>matches</em> when a value equal to it was sent within one interval
 * (and a second for the read itself) before its time: the gateway stamps a reading when it has
 * read it, just after the twin sent it, and an active-mode sensor sends between reads too. Else it
 * is <em>different</em> when values were sent within the interval, and <em>extra</em> when none
 * were. A calibrated reading is compared by its value before calibration. The interval is the
 * sensor's cadence as the readings arrived (the median gap); a reading is <em>missing</em> for
 * each interval without one between the first and the last that arrived (the intervals in that
 * span less the readings), which is what a fault costs. A series that was sent but never arrived
 * counts every value sent as missing. Readings delivered twice count once, as the store keeps them.
 */
public final class ReadingComparison {

    /** The gateway stamps a reading a few milliseconds after the twin sent it; clocks may differ this much more. */
    private static final long STAMP_SLACK_MILLIS = 500;
    /**
     * A read of several registers or commands takes a while, and the gateway stamps its values when
     * the last answer is in: a value may have been sent this much longer before.
     */
    private static final long READ_MILLIS = 1_000;

    /** One line of the table. */
    public record Row(String sensor, String quantity, int matched, int missing, int extra, int different) {
        public boolean clean() {
            return missing == 0 && extra == 0 && different == 0 && matched > 0;
        }
    }

    /** A reading that arrived with another value than the one sent for it. */
    public record Difference(String sensor, String quantity, long timeMillis, double sent, double arrived) {
    }

    /** The table, in sensor and quantity order, and every difference in time order. */
    public record Result(List<Row> rows, List<Difference> differences) {
        public boolean clean() {
            return !rows.isEmpty() && rows.stream().allMatch(Row::clean);
        }
    }

    private ReadingComparison() {
    }

    public static Result compare(List<SentReading> sent, List<Reading> arrived) {
        Map<String, List<SentReading>> sentBySeries = new TreeMap<>();
        for (SentReading reading : sent) {
            sentBySeries.computeIfAbsent(key(reading.sensor(), reading.quantity().id()), k -> new ArrayList<>()).add(reading);
        }
        Map<String, TreeMap<Long, Reading>> arrivedBySeries = new TreeMap<>();
        for (Reading reading : arrived) {
            arrivedBySeries.computeIfAbsent(key(reading.sensor(), reading.quantity().id()), k -> new TreeMap<>())
                    .putIfAbsent(reading.timeMillis(), reading);
        }
        TreeMap<String, Row> rows = new TreeMap<>();
        List<Difference> differences = new ArrayList<>();
        for (String series : union(sentBySeries, arrivedBySeries)) {
            List<SentReading> s = new ArrayList<>(sentBySeries.getOrDefault(series, List.of()));
            s.sort(Comparator.comparingLong(SentReading::timeMillis));
            List<Reading> a = List.copyOf(arrivedBySeries.getOrDefault(series, new TreeMap<>()).values());
            String[] parts = series.split("/", 2);
            rows.put(series, compareSeries(parts[0], parts[1], s, a, differences));
        }
        differences.sort(Comparator.comparingLong(Difference::timeMillis));
        return new Result(List.copyOf(rows.values()), List.copyOf(differences));
    }

    private static Row compareSeries(String sensor, String quantity, List<SentReading> sent, List<Reading> arrived,
                                     List<Difference> differences) {
        if (arrived.isEmpty()) {
            return new Row(sensor, quantity, 0, sent.size(), 0, 0);
        }
        long interval = cadence(arrived);
        int matched = 0;
        int extra = 0;
        int different = 0;
        for (Reading reading : arrived) {
            double value = reading.quality().calibrated() ? reading.quality().raw() : reading.value();
            long from = reading.timeMillis() - interval;
            long to = reading.timeMillis() + STAMP_SLACK_MILLIS;
            SentReading latest = null;
            boolean equal = false;
            for (SentReading candidate : sent) {
                if (candidate.timeMillis() >= from - READ_MILLIS && candidate.timeMillis() <= to) {
                    equal |= same(candidate.value(), value);
                    if (candidate.timeMillis() >= from) {
                        latest = candidate;
                    }
                }
            }
            if (equal) {
                matched++;
            } else if (latest != null) {
                different++;
                differences.add(new Difference(sensor, quantity, reading.timeMillis(), latest.value(), value));
            } else {
                extra++;
            }
        }
        // Counted over the whole span, so one late read followed by an early one costs nothing.
        long span = arrived.get(arrived.size() - 1).timeMillis() - arrived.get(0).timeMillis();
        int missing = (int) Math.max(0, Math.round((double) span / interval) + 1 - arrived.size());
        return new Row(sensor, quantity, matched, missing, extra, different);
    }

    /**
     * The median gap between readings, which holds through a fault's longer gaps; with one reading
     * there is no gap, and a long window (an hour) only decides whether something was sent for it.
     */
    private static long cadence(List<Reading> arrived) {
        if (arrived.size() < 2) {
            return 3_600_000;
        }
        long[] gaps = new long[arrived.size() - 1];
        for (int i = 1; i < arrived.size(); i++) {
            gaps[i - 1] = arrived.get(i).timeMillis() - arrived.get(i - 1).timeMillis();
        }
        Arrays.sort(gaps);
        return Math.max(1, gaps[gaps.length / 2]);
    }

    /** Values are sent and delivered at the sensor's resolution; the margin only absorbs decimal conversion. */
    private static boolean same(double sent, double arrived) {
        return Math.abs(sent - arrived) <= 1e-9 * Math.max(1, Math.abs(sent));
    }

    private static String key(String sensor, String quantity) {
        return sensor + "/" + quantity;
    }

    private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
        TreeMap<String, Boolean> keys = new TreeMap<>();
        a.keySet().forEach(k -> keys.put(k, true));
        b.keySet().forEach(k -> keys.put(k, true));
        return List.copyOf(keys.keySet());
    }
}
