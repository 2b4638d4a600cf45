package org.envgate.gateway.quality;

import java.util.Optional;
import org.envgate.drivers.ValueRange;

/**
 * The quality tests of one quantity of one sensor, as configured: the table of
 * {@link QcDefaults} with the sensor's {@code qc:} overrides. An empty test is switched off.
 *
 * @param grossRange   outside fails; the model's range or the narrower configured {@code gross-range}
 * @param userRange    outside is suspect ({@code user-range})
 * @param flatLine     a stuck sensor
 * @param spike        a jump away from the readings before
 * @param rateOfChange a change faster than the quantity can plausibly change
 */
public record QuantityChecks(Optional<ValueRange> grossRange, Optional<ValueRange> userRange, Optional<FlatLine> flatLine,
                             Optional<Spike> spike, Optional<RateOfChange> rateOfChange) {
}
