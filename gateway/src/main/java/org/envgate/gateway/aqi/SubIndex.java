package org.envgate.gateway.aqi;

import org.envgate.wire.Quantity;

/**
 * The index of one pollutant (AQIx in Decision 1459/QD-TCMT).
 *
 * @param pollutant     {@code pm2_5} or {@code pm10}
 * @param concentration the concentration the table was applied to, in ug/m3: the NowCast or
 *                      the 24-hour mean (truncated first for the US EPA index)
 * @param value         the index, rounded to a whole number, 0 to 500
 */
public record SubIndex(Quantity pollutant, double concentration, int value) {

    public Category category() {
        return Category.of(value);
    }
}
