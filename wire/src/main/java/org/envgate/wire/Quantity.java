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
 */
public enum Quantity {
    PM1_0("pm1_0", "ug/m3"),
    PM2_5("pm2_5", "ug/m3"),
    PM10("pm10", "ug/m3"),
    CO2("co2", "ppm"),
    TEMPERATURE("temperature", "Cel"),
    HUMIDITY("humidity", "%RH"),
    PRESSURE("pressure", "hPa"),
    PH("ph", "pH"),
    ORP("orp", "mV"),
    CONDUCTIVITY("conductivity", "uS/cm"),
    TDS("tds", "mg/l"),
    SALINITY("salinity", "ppt"),
    DISSOLVED_OXYGEN("dissolved_oxygen", "mg/l"),
    DISTANCE("distance", "m"),
    WATER_LEVEL("water_level", "m"),
    RAINFALL("rainfall", "mm"),
    FLOW("flow", "l/min");

    private static final Map<String, Quantity> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Quantity::id, Function.identity()));

    private final String id;
    private final String unit;

    Quantity(String id, String unit) {
        this.id = id;
        this.unit = unit;
    }

    /** The snake_case name used on the wire and in the store, e.g. {@code pm2_5}. */
    public String id() {
        return id;
    }

    /** The SenML unit every reading of this quantity carries. */
    public String unit() {
        return unit;
    }

    public static Optional<Quantity> byId(String id) {
        return Optional.ofNullable(BY_NAME.get(id));
    }

    @Override
    public String toString() {
        return id;
    }
}
