package org.envgate.drivers.modbus;

import java.util.EnumMap;
import java.util.Map;
import org.envgate.drivers.ValueRange;
import org.envgate.wire.Quantity;

/**
 * The range of a register whose config gives no {@code min}/{@code max} (or only one of them):
 * the span any sonde or probe of the quantity can report, in the quantity's unit. Wide on
 * purpose, so no real value is refused; it stops what no probe sends (a float that is garbage, a
 * wrong scale or type, 65535 from a probe that lost its sensor).
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
            Map.entry(Quantity.FLOW, new ValueRange(0, 1_000_000))));

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
}
