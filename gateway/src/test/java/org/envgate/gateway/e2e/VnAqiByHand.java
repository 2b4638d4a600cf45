package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import org.envgate.wire.QcFlag;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;

/**
 * VN_AQI computed by the end-to-end tests themselves from the readings delivered, from the
 * formulas of Decision 1459/QD-TCMT (never with the gateway's classes), for a station whose PM2.5
 * and PM10 come from one sensor. An index is {value, category 1-6, 0 when PM2.5 set it or 1 for PM10}.
 */
final class VnAqiByHand {

    static final long HOUR = 3_600_000;
    static final long DAY = 24 * HOUR;

    private VnAqiByHand() {
    }

    /** The hourly means of the sensor's PM2.5 (index 0) and PM10 (index 1) readings that passed QC, by hour start. */
    static List<TreeMap<Long, Double>> hourlyMeans(Collection<Reading> readings, String sensor) {
        List<TreeMap<Long, double[]>> sums = List.of(new TreeMap<>(), new TreeMap<>());
        for (Reading r : readings) {
            if (r.sensor().equals(sensor) && r.quality().flag() == QcFlag.PASS
                    && (r.quantity() == Quantity.PM2_5 || r.quantity() == Quantity.PM10)) {
                double[] sum = sums.get(r.quantity() == Quantity.PM2_5 ? 0 : 1)
                        .computeIfAbsent(Math.floorDiv(r.timeMillis(), HOUR) * HOUR, h -> new double[2]);
                sum[0] += r.value();
                sum[1]++;
            }
        }
        List<TreeMap<Long, Double>> means = new ArrayList<>();
        for (TreeMap<Long, double[]> pollutant : sums) {
            TreeMap<Long, Double> m = new TreeMap<>();
            pollutant.forEach((hour, sum) -> m.put(hour, sum[0] / sum[1]));
            means.add(m);
        }
        return means;
    }

    /**
     * The index of each hour from the first with a reading to the one after the last: per
     * pollutant the NowCast of the 12 hours back from it (section 2.2.1: w* = cmin / cmax, at
     * least 1/2; present with 2 of the 3 latest hours; a missing hour weighs 0), its sub-index
     * from Table 2, the station's the higher.
     */
    static TreeMap<Long, int[]> hourly(Collection<Reading> readings, String sensor) {
        List<TreeMap<Long, Double>> means = hourlyMeans(readings, sensor);
        TreeMap<Long, int[]> index = new TreeMap<>();
        long first = Math.min(means.get(0).firstKey(), means.get(1).firstKey());
        long last = Math.max(means.get(0).lastKey(), means.get(1).lastKey()) + HOUR;
        for (long hour = first; hour <= last; hour += HOUR) {
            int[] best = null;
            for (int p = 0; p < 2; p++) {
                List<Double> c = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    c.add(means.get(p).get(hour - i * HOUR));
                }
                if (c.subList(0, 3).stream().filter(v -> v != null).count() < 2) {
                    continue;
                }
                double cmin = c.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).min().orElseThrow();
                double cmax = c.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElseThrow();
                double w = Math.max(0.5, cmin / cmax);
                double top = 0;
                double bottom = 0;
                for (int i = 0; i < 12; i++) {
                    if (c.get(i) != null) {
                        top += Math.pow(w, i) * c.get(i);
                        bottom += Math.pow(w, i);
                    }
                }
                best = higher(best, p, subIndex(p, top / bottom));
            }
            if (best != null) {
                index.put(hour, best);
            }
        }
        return index;
    }

    /** The day's index (section 2.2.2): the sub-index of the mean of the day's hourly means; the day needs 18 of them. */
    static int[] daily(Collection<Reading> readings, String sensor, long day) {
        List<TreeMap<Long, Double>> means = hourlyMeans(readings, sensor);
        int[] best = null;
        for (int p = 0; p < 2; p++) {
            List<Double> hours = means.get(p).subMap(day, day + DAY).values().stream().toList();
            assertTrue(hours.size() >= 18, "the day has 18 hours with readings: " + hours.size());
            best = higher(best, p, subIndex(p, hours.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
        }
        return best;
    }

    private static int[] higher(int[] best, int pollutant, int value) {
        return best == null || value > best[0] ? new int[] {value, category(value), pollutant} : best;
    }

    /** Table 2: breakpoints of PM2.5 (0) and PM10 (1), linear between, rounded half up. */
    static int subIndex(int pollutant, double concentration) {
        double[][] breakpoints = {{0, 25, 50, 80, 150, 250, 350, 500}, {0, 50, 150, 250, 350, 420, 500, 600}};
        int[] indexes = {0, 50, 100, 150, 200, 300, 400, 500};
        double[] bp = breakpoints[pollutant];
        BigDecimal c = BigDecimal.valueOf(concentration);
        for (int i = 1; i < bp.length; i++) {
            if (concentration <= bp[i]) {
                return BigDecimal.valueOf(indexes[i] - indexes[i - 1])
                        .multiply(c.subtract(BigDecimal.valueOf(bp[i - 1])))
                        .divide(BigDecimal.valueOf(bp[i] - bp[i - 1]), MathContext.DECIMAL64)
                        .add(BigDecimal.valueOf(indexes[i - 1])).setScale(0, RoundingMode.HALF_UP).intValue();
            }
        }
        return 500;
    }

    /** Table 1: 0-50 good, 51-100 moderate, 101-150 poor, 151-200 bad, 201-300 very bad, 301-500 hazardous. */
    static int category(int value) {
        int[] tops = {50, 100, 150, 200, 300, 500};
        for (int i = 0; i < tops.length; i++) {
            if (value <= tops[i]) {
                return i + 1;
            }
        }
        throw new AssertionError(value);
    }
}
