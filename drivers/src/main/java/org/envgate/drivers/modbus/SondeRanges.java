package org.envgate.drivers.modbus;

import java.util.EnumMap;
import java.util.Map;
import org.envgate.drivers.Resolution;
import org.envgate.drivers.ValueRange;
import org.envgate.wire.Quantity;

/**
 * The range of a register whose config gives no {@code min}/{@code max} (or only one of them):
 * the span any sonde or probe of the quantity can report, in the quantity's unit. Wide on
 * purpose, so no real value is refused; it stops what no probe sends (a float that is garbage, a
 * wrong scale or type, 65535 from a probe that lost its sensor). Likewise the resolution of a
 * float register: the finest step any sonde or probe of the quantity resolves.
 */
final class SondeRanges {

    private static final Map<Quantity, ValueRange> SPANS = new EnumMap<>(Map.ofEntries(
            Map.entry(Quantity.PM1_0, new ValueRange(0, 10_000)),
            Map.entry(Quantity.PM2_5, new ValueRange(0, 10_000)),
            Map.entry(Quantity.PM10, new ValueRange(0, 10_000)),
            Map.entry(Quantity.CO2, new ValueRange(0, 100_000)),
            Map.entry(Quantity.TEMPERATURE, new ValueRange(-60, 150)),
            Map.entry(Quantity.HUMIDITY, new ValueRange(0, 100)),
            Map.entry(Quantity.PRESSURE, new ValueRange(0, 2000)),
            Map.entry(Quantity.PH, new ValueRange(0, 14)),
            Map.entry(Quantity.ORP, new ValueRange(-2000, 2000)),
            Map.entry(Quantity.CONDUCTIVITY, new ValueRange(0, 500_000)),
            Map.entry(Quantity.TDS, new ValueRange(0, 500_000)),
            Map.entry(Quantity.SALINITY, new ValueRange(0, 70)),
            Map.entry(Quantity.DISSOLVED_OXYGEN, new ValueRange(0, 100)),
            Map.entry(Quantity.DISTANCE, new ValueRange(0, 1000)),
            Map.entry(Quantity.WATER_LEVEL, new ValueRange(-1000, 1000)),
            Map.entry(Quantity.RAINFALL, new ValueRange(0, 2000)),
            Map.entry(Quantity.FLOW, new ValueRange(0, 1_000_000)),
            Map.entry(Quantity.PM1_0_CF1, new ValueRange(0, 10_000)),
            Map.entry(Quantity.PM2_5_CF1, new ValueRange(0, 10_000)),
            Map.entry(Quantity.PM10_CF1, new ValueRange(0, 10_000)),
            Map.entry(Quantity.FORMALDEHYDE, new ValueRange(0, 100))));

    private static final Map<Quantity, Resolution> FINEST = new EnumMap<>(Map.ofEntries(
            Map.entry(Quantity.PM1_0, Resolution.of("0.1")),
            Map.entry(Quantity.PM2_5, Resolution.of("0.1")),
            Map.entry(Quantity.PM10, Resolution.of("0.1")),
            Map.entry(Quantity.CO2, Resolution.of("1")),
            Map.entry(Quantity.TEMPERATURE, Resolution.of("0.001")),
            Map.entry(Quantity.HUMIDITY, Resolution.of("0.01")),
            Map.entry(Quantity.PRESSURE, Resolution.of("0.01")),
            Map.entry(Quantity.PH, Resolution.of("0.001")),
            Map.entry(Quantity.ORP, Resolution.of("0.1")),
            Map.entry(Quantity.CONDUCTIVITY, Resolution.of("0.01")),
            Map.entry(Quantity.TDS, Resolution.of("0.01")),
            Map.entry(Quantity.SALINITY, Resolution.of("0.01")),
            Map.entry(Quantity.DISSOLVED_OXYGEN, Resolution.of("0.01")),
            Map.entry(Quantity.DISTANCE, Resolution.of("0.001")),
            Map.entry(Quantity.WATER_LEVEL, Resolution.of("0.001")),
            Map.entry(Quantity.RAINFALL, Resolution.of("0.01")),
            Map.entry(Quantity.FLOW, Resolution.of("0.001")),
            Map.entry(Quantity.PM1_0_CF1, Resolution.of("0.1")),
            Map.entry(Quantity.PM2_5_CF1, Resolution.of("0.1")),
            Map.entry(Quantity.PM10_CF1, Resolution.of("0.1")),
            Map.entry(Quantity.FORMALDEHYDE, Resolution.of("0.001"))));

    private SondeRanges() {
    }

    /** The span for {@code quantity}; every quantity has one. */
    static ValueRange span(Quantity quantity) {
        ValueRange span = SPANS.get(quantity);
        if (span == null) {
            throw new IllegalStateException("no span for quantity " + quantity.id());
        }
        return span;
    }

    /** The finest step for {@code quantity}; every quantity has one. */
    static Resolution finest(Quantity quantity) {
        Resolution finest = FINEST.get(quantity);
        if (finest == null) {
            throw new IllegalStateException("no resolution for quantity " + quantity.id());
        }
        return finest;
    }
}
