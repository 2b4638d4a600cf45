package org.envgate.drivers.ezo;

import java.time.Duration;
import java.util.List;
import org.envgate.drivers.Resolution;
import org.envgate.drivers.ValueRange;
import org.envgate.wire.Quantity;

/**
 * The Atlas Scientific EZO circuits envgate reads, with what their datasheets say: the device
 * type the {@code i} command reports, the time a single reading takes, the measuring range and
 * the resolution of the primary value.
 */
public enum EzoCircuit {
    /** Datasheet: 0.001 to 14.000, resolution 0.001. */
    PH("ezo-ph", "pH", Duration.ofMillis(900), true, List.of(Quantity.PH), new ValueRange(0.001, 14.0),
            Resolution.of("0.001")),
    /** Datasheet: 0.07 to 500,000+ uS/cm; it prints two decimals at most (fewer as the value grows). */
    EC("ezo-ec", "EC", Duration.ofMillis(600), true, List.of(Quantity.CONDUCTIVITY, Quantity.TDS, Quantity.SALINITY),
            new ValueRange(0, 500_000), Resolution.of("0.01")),
    /** Datasheet: 0.01 to 100+ mg/L, resolution 0.01. */
    DO("ezo-do", "DO", Duration.ofMillis(600), true, List.of(Quantity.DISSOLVED_OXYGEN), new ValueRange(0, 100),
            Resolution.of("0.01")),
    /** Datasheet: -1019.9 to 1019.9 mV, resolution 0.1. */
    ORP("ezo-orp", "ORP", Duration.ofMillis(900), false, List.of(Quantity.ORP), new ValueRange(-1019.9, 1019.9),
            Resolution.of("0.1")),
    /** Datasheet: -126 to 1254 Cel, resolution 0.001. */
    RTD("ezo-rtd", "RTD", Duration.ofMillis(600), false, List.of(Quantity.TEMPERATURE), new ValueRange(-126, 1254),
            Resolution.of("0.001"));

    private final String model;
    private final String deviceType;
    private final Duration readingTime;
    private final boolean compensated;
    private final List<Quantity> quantities;
    private final ValueRange range;
    private final Resolution resolution;

    EzoCircuit(String model, String deviceType, Duration readingTime, boolean compensated, List<Quantity> quantities,
               ValueRange range, Resolution resolution) {
        this.model = model;
        this.deviceType = deviceType;
        this.readingTime = readingTime;
        this.compensated = compensated;
        this.quantities = quantities;
        this.range = range;
        this.resolution = resolution;
    }

    /** The config {@code model:} name. */
    public String model() {
        return model;
    }

    /** What {@code i} answers as the device type, e.g. {@code ?I,pH,2.16}. */
    public String deviceType() {
        return deviceType;
    }

    /** How long the circuit takes to answer {@code R}. */
    public Duration readingTime() {
        return readingTime;
    }

    /** Whether its reading depends on the water temperature ({@code T,} compensation). */
    public boolean compensated() {
        return compensated;
    }

    public List<Quantity> quantities() {
        return quantities;
    }

    /** The range of the primary value (the EC circuit's conductivity). */
    public ValueRange range() {
        return range;
    }

    /** The resolution of the primary value (the EC circuit's conductivity). */
    public Resolution resolution() {
        return resolution;
    }

    /** The circuit an {@code i} answer names; older firmware says {@code D.O.} and {@code OR}. */
    public static EzoCircuit byDeviceType(String type) {
        String normal = type.replace(".", "");
        for (EzoCircuit circuit : values()) {
            if (circuit.deviceType.equalsIgnoreCase(normal) || (circuit == ORP && normal.equalsIgnoreCase("OR"))) {
                return circuit;
            }
        }
        return null;
    }
}
