package org.envgate.drivers.maxbotix;

/**
 * One range report: {@code R}, the digits of the range, carriage return.
 *
 * @param reading the number the sensor sent, in {@code unit}
 * @param unit    what the number counts
 */
public record MaxbotixRange(int reading, RangeUnit unit) {

    public double metres() {
        return unit.metres(reading);
    }
}
