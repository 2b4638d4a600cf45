package org.envgate.simulator.scenario;

import java.util.Locale;
import org.envgate.wire.Quantity;

/**
 * One value a twin sent intact, as the gateway's driver will decode it.
 *
 * @param sensor     the sensor id
 * @param quantity   the quantity
 * @param value      the value in the quantity's unit
 * @param timeMillis when it was sent (epoch milliseconds)
 * @param simMillis  the scenario's simulated time then, since its start
 */
public record SentReading(String sensor, Quantity quantity, double value, long timeMillis, long simMillis) {

    /** One line of an expected-readings file (JSON lines). */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"sensor\":\"%s\",\"quantity\":\"%s\",\"value\":%s,\"time\":%d,\"sim_s\":%.3f}",
                sensor, quantity.id(), Double.toString(value), timeMillis, simMillis / 1000.0);
    }
}
