package org.envgate.wire;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The quantities envgate reports, each with the one unit it is always reported in.
 *
 * <p>Names are the SenML record names and the InfluxDB measurement names; units are SenML units
 * (RFC 8428 and the secondary units of RFC 8798). A driver converts to this unit before it
 * reports, so a dashboard never has to guess which unit a series is in.
 *
 * <p>Each also has a plausible range: what the quantity can physically be at a station, wider
 * than any sensor's datasheet range (a driver checks that one). A value outside it is no
 * measurement at all, whoever sent it.
 */
public enum Quantity {
    PM1_0("pm1_0", "ug/m3", 0, 20_000),
    PM2_5("pm2_5", "ug/m3", 0, 20_000),
    PM10("pm10", "ug/m3", 0, 20_000),
    CO2("co2", "ppm", 0, 100_000),
    TEMPERATURE("temperature", "Cel", -60, 150),
    HUMIDITY("humidity", "%RH", 0, 100),
    PRESSURE("pressure", "hPa", 300, 1_100),
    PH("ph", "pH", 0, 14),
    ORP("orp", "mV", -2_000, 2_000),
    CONDUCTIVITY("conductivity", "uS/cm", 0, 500_000),
    TDS("tds", "mg/l", 0, 500_000),
    SALINITY("salinity", "ppt", 0, 400),
    DISSOLVED_OXYGEN("dissolved_oxygen", "mg/l", 0, 100),
    DISTANCE("distance", "m", 0, 100),
    WATER_LEVEL("water_level", "m", -100, 1_000),
    RAINFALL("rainfall", "mm", 0, 2_000),
    FLOW("flow", "l/min", 0, 100_000),
    /** A Plantower sensor's CF=1 ("standard particle") values, which the US EPA correction starts from. */
    PM1_0_CF1("pm1_0_cf1", "ug/m3", 0, 20_000),
    PM2_5_CF1("pm2_5_cf1", "ug/m3", 0, 20_000),
    PM10_CF1("pm10_cf1", "ug/m3", 0, 20_000),
    /** Formaldehyde (HCHO) in air, as the PMS5003ST's electrochemical cell reports it; 100 mg/m3 is lethal in minutes. */
    FORMALDEHYDE("formaldehyde", "mg/m3", 0, 100);

    private static final Map<String, Quantity> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Quantity::id, Function.identity()));

    private final String id;
    private final String unit;
    private final double min;
    private final double max;

    Quantity(String id, String unit, double min, double max) {
        this.id = id;
        this.unit = unit;
        this.min = min;
        this.max = max;
    }

    /** The snake_case name used on the wire and in the store, e.g. {@code pm2_5}. */
    public String id() {
        return id;
    }

    /** The SenML unit every reading of this quantity carries. */
    public String unit() {
        return unit;
    }

    /** The lowest plausible value, in {@link #unit()}. */
    public double min() {
        return min;
    }

    /** The highest plausible value, in {@link #unit()}. */
    public double max() {
        return max;
    }

    /** Within {@link #min()} and {@link #max()}, both included; never true for NaN. */
    public boolean isPlausible(double value) {
        return value >= min && value <= max;
    }

    /** The range in words, e.g. {@code 0..20000 ug/m3}. */
    public String plausibleRange() {
        return plain(min) + ".." + plain(max) + " " + unit;
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    public static Optional<Quantity> byId(String id) {
        return Optional.ofNullable(BY_NAME.get(id));
    }

    @Override
    public String toString() {
        return id;
    }
}
