package org.envgate.gateway.poll;

import java.util.List;
import org.envgate.gateway.clock.TakenReading;
import org.envgate.wire.Reading;

/**
 * The readings of one poll of one sensor, handed on together so that what comes next sees them
 * as one sample (a calibration of one quantity may use another quantity of the same poll).
 *
 * @param sensor     the sensor id
 * @param readings   the values of the poll, all stamped with its time; never empty
 * @param monoMillis the monotonic stamp of the poll
 * @param timed      whether the readings' wall time could be trusted (see {@link TakenReading})
 * @param warmingUp  taken while the sensor was still in its warm-up: sent, but not to be trusted
 */
public record Sample(String sensor, List<Reading> readings, long monoMillis, boolean timed, boolean warmingUp) {

    public Sample {
        readings = List.copyOf(readings);
        if (readings.isEmpty()) {
            throw new IllegalArgumentException("a sample of sensor " + sensor + " has no readings");
        }
    }

    /** {@code reading} (one of this sample's, possibly checked since) with the stamps of this sample. */
    public TakenReading taken(Reading reading) {
        return new TakenReading(reading, monoMillis, timed);
    }
}
