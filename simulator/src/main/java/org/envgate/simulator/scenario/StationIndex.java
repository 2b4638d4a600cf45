package org.envgate.simulator.scenario;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.envgate.wire.Quantity;

/**
 * The dust index of a station as the expected averages give it, computed from the values a
 * scenario sent, with the simulator's own arithmetic (never the gateway's), so that each checks
 * the other:
 * <ul>
 *   <li>VN_AQI, Decision 1459/QD-TCMT (2019): hourly from the 12-hour weighted average (NowCast)
 *       of hourly means, daily from the 24-hour mean; breakpoints of its Table 2; rounded to a
 *       whole number; the station's index is the highest pollutant's.</li>
 *   <li>US EPA AQI, PM2.5 breakpoints of 2024; concentrations truncated first (PM2.5 to 0.1,
 *       PM10 to 1 ug/m3).</li>
 * </ul>
 * As the gateway does (README, "Averages and the index"): the NowCast needs 2 of the 3 latest
 * hours, a weight factor of at least 1/2 and a missing hour's weight 0; a day needs 18 of its 24
 * hourly means.
 */
final class StationIndex {

    static final List<String> INDEXES = List.of("vn", "us");
    static final int NOWCAST_HOURS = 12;
    static final int DAY_HOURS_NEEDED = 18;

    /** A station's index: its value, category 1 to 6, and the pollutant that set it. */
    record Value(int value, int category, Quantity dominant) {
    }

    /** Rows of {concentration low, concentration high, index low, index high}. */
    private static final Map<String, Map<Quantity, String[][]>> TABLES = Map.of(
            "vn", Map.of(
                    Quantity.PM2_5, new String[][] {{"0", "25", "0", "50"}, {"25", "50", "50", "100"},
                            {"50", "80", "100", "150"}, {"80", "150", "150", "200"}, {"150", "250", "200", "300"},
                            {"250", "350", "300", "400"}, {"350", "500", "400", "500"}},
                    Quantity.PM10, new String[][] {{"0", "50", "0", "50"}, {"50", "150", "50", "100"},
                            {"150", "250", "100", "150"}, {"250", "350", "150", "200"}, {"350", "420", "200", "300"},
                            {"420", "500", "300", "400"}, {"500", "600", "400", "500"}}),
            "us", Map.of(
                    Quantity.PM2_5, new String[][] {{"0.0", "9.0", "0", "50"}, {"9.1", "35.4", "51", "100"},
                            {"35.5", "55.4", "101", "150"}, {"55.5", "125.4", "151", "200"},
                            {"125.5", "225.4", "201", "300"}, {"225.5", "325.4", "301", "500"}},
                    Quantity.PM10, new String[][] {{"0", "54", "0", "50"}, {"55", "154", "51", "100"},
                            {"155", "254", "101", "150"}, {"255", "354", "151", "200"}, {"355", "424", "201", "300"},
                            {"425", "604", "301", "500"}}));
    private static final Map<Quantity, Integer> US_DECIMALS = Map.of(Quantity.PM2_5, 1, Quantity.PM10, 0);

    private StationIndex() {
    }

    /** The 12-hour weighted average; {@code hourlyMeans} newest first, empty for an hour without a mean. */
    static OptionalDouble nowCast(List<OptionalDouble> hourlyMeans) {
        List<OptionalDouble> hours = hourlyMeans.subList(0, Math.min(NOWCAST_HOURS, hourlyMeans.size()));
        if (hours.stream().limit(3).filter(OptionalDouble::isPresent).count() < 2) {
            return OptionalDouble.empty();
        }
        double lowest = hours.stream().filter(OptionalDouble::isPresent).mapToDouble(h -> Math.max(0, h.getAsDouble()))
                .min().orElseThrow();
        double highest = hours.stream().filter(OptionalDouble::isPresent).mapToDouble(h -> Math.max(0, h.getAsDouble()))
                .max().orElseThrow();
        if (highest == 0) {
            return OptionalDouble.of(0);
        }
        double w = Math.max(0.5, lowest / highest);
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < hours.size(); i++) {
            if (hours.get(i).isPresent()) {
                numerator += Math.pow(w, i) * Math.max(0, hours.get(i).getAsDouble());
                denominator += Math.pow(w, i);
            }
        }
        return OptionalDouble.of(numerator / denominator);
    }

    /** The 24-hour mean of a day's hourly means; empty with fewer than 18 of them. */
    static OptionalDouble dayMean(List<OptionalDouble> hourlyMeans) {
        List<OptionalDouble> present = hourlyMeans.stream().filter(OptionalDouble::isPresent).toList();
        return present.size() < DAY_HOURS_NEEDED ? OptionalDouble.empty()
                : OptionalDouble.of(present.stream().mapToDouble(OptionalDouble::getAsDouble).sum() / present.size());
    }

    /** One pollutant's index of {@code concentration}, rounded half up; 500 above the table. */
    static int subIndex(String index, Quantity pollutant, double concentration) {
        BigDecimal c = BigDecimal.valueOf(Math.max(0, concentration));
        if (index.equals("us")) {
            c = c.setScale(US_DECIMALS.get(pollutant), RoundingMode.DOWN);
        }
        for (String[] row : TABLES.get(index).get(pollutant)) {
            BigDecimal low = new BigDecimal(row[0]);
            BigDecimal high = new BigDecimal(row[1]);
            if (c.compareTo(high) <= 0) {
                BigDecimal indexLow = new BigDecimal(row[2]);
                BigDecimal indexHigh = new BigDecimal(row[3]);
                return indexHigh.subtract(indexLow).multiply(c.subtract(low))
                        .divide(high.subtract(low), MathContext.DECIMAL64).add(indexLow)
                        .setScale(0, RoundingMode.HALF_UP).intValueExact();
            }
        }
        return 500;
    }

    /** 1 good, 2 moderate, 3 poor, 4 bad, 5 very bad, 6 hazardous (the same ranges in both indexes). */
    static int category(int value) {
        return value <= 50 ? 1 : value <= 100 ? 2 : value <= 150 ? 3 : value <= 200 ? 4 : value <= 300 ? 5 : 6;
    }

    /** The station's index from its pollutants' concentrations; pm2_5 sets it on a tie. */
    static Optional<Value> of(String index, Map<Quantity, OptionalDouble> concentrations) {
        Value best = null;
        for (Quantity pollutant : List.of(Quantity.PM2_5, Quantity.PM10)) {
            OptionalDouble c = concentrations.getOrDefault(pollutant, OptionalDouble.empty());
            if (c.isPresent()) {
                int value = subIndex(index, pollutant, c.getAsDouble());
                if (best == null || value > best.value()) {
                    best = new Value(value, category(value), pollutant);
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
