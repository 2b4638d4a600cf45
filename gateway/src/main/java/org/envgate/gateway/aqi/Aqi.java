package org.envgate.gateway.aqi;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.envgate.gateway.aqi.Scale.Row;
import org.envgate.wire.Quantity;

/**
 * The air-quality indexes envgate computes for dust (PM2.5 and PM10): each pollutant's
 * hourly and daily index. {@link IndexValue#of} makes the station's index from them.
 *
 * <ul>
 *   <li>hourly: the breakpoint table applied to the {@link NowCast} of the last 12 hourly means;</li>
 *   <li>daily: the breakpoint table applied to the 24-hour mean ({@link DailyMean}).</li>
 * </ul>
 * Within a row of the table the index is interpolated linearly, then rounded half up to a
 * whole number; above the table's last breakpoint the index is 500, the top of the scale.
 */
public enum Aqi {

    /**
     * Vietnam's VN_AQI, Decision 1459/QD-TCMT of 12 November 2019: hourly index section 2.2.1
     * (formula 2), daily index section 2.2.2 (formula 1), breakpoints Table 2 (ug/m3).
     */
    VN(Map.of(
            Quantity.PM2_5, new Scale(List.of(
                    new Row("0", "25", 0, 50),
                    new Row("25", "50", 50, 100),
                    new Row("50", "80", 100, 150),
                    new Row("80", "150", 150, 200),
                    new Row("150", "250", 200, 300),
                    new Row("250", "350", 300, 400),
                    new Row("350", "500", 400, 500)), Scale.ALL_DECIMALS),
            Quantity.PM10, new Scale(List.of(
                    new Row("0", "50", 0, 50),
                    new Row("50", "150", 50, 100),
                    new Row("150", "250", 100, 150),
                    new Row("250", "350", 150, 200),
                    new Row("350", "420", 200, 300),
                    new Row("420", "500", 300, 400),
                    new Row("500", "600", 400, 500)), Scale.ALL_DECIMALS))),

    /**
     * The US EPA AQI, PM2.5 breakpoints as revised on 7 February 2024 (ug/m3). The NowCast or
     * mean is truncated first: PM2.5 to 0.1 ug/m3, PM10 to 1 ug/m3.
     */
    US(Map.of(
            Quantity.PM2_5, new Scale(List.of(
                    new Row("0.0", "9.0", 0, 50),
                    new Row("9.1", "35.4", 51, 100),
                    new Row("35.5", "55.4", 101, 150),
                    new Row("55.5", "125.4", 151, 200),
                    new Row("125.5", "225.4", 201, 300),
                    new Row("225.5", "325.4", 301, 500)), 1),
            Quantity.PM10, new Scale(List.of(
                    new Row("0", "54", 0, 50),
                    new Row("55", "154", 51, 100),
                    new Row("155", "254", 101, 150),
                    new Row("255", "354", 151, 200),
                    new Row("355", "424", 201, 300),
                    new Row("425", "604", 301, 500)), 0)));

    private final Map<Quantity, Scale> tables;

    Aqi(Map<Quantity, Scale> tables) {
        this.tables = tables;
    }

    /** As the config and the wire name it: {@code vn}, {@code us}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Aqi> byId(String id) {
        for (Aqi aqi : values()) {
            if (aqi.id().equals(id)) {
                return Optional.of(aqi);
            }
        }
        return Optional.empty();
    }

    /**
     * The hourly index of one pollutant.
     *
     * @param hourlyMeansNewestFirst as {@link NowCast#of(List)} takes them
     * @return empty when the NowCast cannot be computed (fewer than 2 of the 3 most recent hours)
     */
    public Optional<SubIndex> hourly(Quantity pollutant, List<OptionalDouble> hourlyMeansNewestFirst) {
        Scale scale = table(pollutant);
        OptionalDouble nowCast = NowCast.of(hourlyMeansNewestFirst);
        return nowCast.isPresent() ? Optional.of(subIndex(pollutant, scale, nowCast.getAsDouble())) : Optional.empty();
    }

    /**
     * The daily index of one pollutant.
     *
     * @param hourlyMeansOfDay as {@link DailyMean#of(List)} takes them
     * @return empty when the day has fewer than 18 hours with a mean
     */
    public Optional<SubIndex> daily(Quantity pollutant, List<OptionalDouble> hourlyMeansOfDay) {
        Scale scale = table(pollutant);
        OptionalDouble mean = DailyMean.of(hourlyMeansOfDay);
        return mean.isPresent() ? Optional.of(subIndex(pollutant, scale, mean.getAsDouble())) : Optional.empty();
    }

    /** The index of a concentration (a NowCast or a 24-hour mean, ug/m3). */
    public SubIndex subIndex(Quantity pollutant, double concentration) {
        return subIndex(pollutant, table(pollutant), concentration);
    }

    private static SubIndex subIndex(Quantity pollutant, Scale scale, double concentration) {
        return new SubIndex(pollutant, scale.concentration(concentration), scale.index(concentration));
    }

    private Scale table(Quantity pollutant) {
        Scale scale = tables.get(pollutant);
        if (scale == null) {
            throw new IllegalArgumentException("the " + id() + " index is computed for pm2_5 and pm10, not " + pollutant);
        }
        return scale;
    }
}
