package org.envgate.drivers.pulse;

import org.envgate.drivers.Measurement;
import org.envgate.drivers.Resolution;
import org.envgate.drivers.ValueRange;
import org.envgate.wire.Quantity;

/** What a number of pulses over an interval means for one kind of sensor. */
public interface PulseConversion {

    Quantity quantity();

    /** The values a conversion can give: a count over an interval is never negative. */
    ValueRange range();

    /** The step one pulse makes in the value. */
    Resolution resolution();

    /**
     * @param pulses        pulses counted in the interval
     * @param elapsedMillis the interval's length
     * @param port          for messages
     * @throws PulseBurstException when the count is more than the sensor can produce in that time
     */
    Measurement convert(long pulses, double elapsedMillis, String port) throws PulseBurstException;
}
