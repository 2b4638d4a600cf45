package org.envgate.simulator.pms5003;

/**
 * What the simulated sensor measured: the values of one data frame. The simulator's own type,
 * independent of the driver's frame record.
 *
 * @param pm1Cf1  PM1.0, CF=1, ug/m3
 * @param pm25Cf1 PM2.5, CF=1, ug/m3
 * @param pm10Cf1 PM10, CF=1, ug/m3
 * @param pm1     PM1.0 atmospheric, ug/m3
 * @param pm25    PM2.5 atmospheric, ug/m3
 * @param pm10    PM10 atmospheric, ug/m3
 * @param counts  particles over 0.3, 0.5, 1.0, 2.5, 5.0 and 10 um in 0.1 L of air
 */
public record ParticleSample(int pm1Cf1, int pm25Cf1, int pm10Cf1, int pm1, int pm25, int pm10, int[] counts) {

    public static final int COUNT_BINS = 6;

    public ParticleSample {
        if (counts.length != COUNT_BINS) {
            throw new IllegalArgumentException("counts must have " + COUNT_BINS + " bins: " + counts.length);
        }
        counts = counts.clone();
    }

    @Override
    public int[] counts() {
        return counts.clone();
    }
}
