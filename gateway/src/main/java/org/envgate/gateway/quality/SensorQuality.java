package org.envgate.gateway.quality;

import java.util.Map;
import org.envgate.wire.Quantity;

/**
 * The quality tests and calibrations of one sensor, as configured.
 *
 * @param checks       the tests of every quantity the sensor reports
 * @param calibrations the calibrated quantities; a quantity without one is sent as read
 */
public record SensorQuality(Map<Quantity, QuantityChecks> checks, Map<Quantity, Calibration> calibrations) {

    public SensorQuality {
        checks = Map.copyOf(checks);
        calibrations = Map.copyOf(calibrations);
    }
}
