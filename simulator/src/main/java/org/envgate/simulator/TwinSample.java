package org.envgate.simulator;

import java.util.Map;
import org.envgate.wire.Quantity;

/**
 * One sample a twin sent in a valid frame.
 *
 * @param model         the twin's model
 * @param values        each reported quantity in its {@link Quantity#unit()}
 * @param simTimeMillis the simulated time it was sent at
 */
public record TwinSample(String model, Map<Quantity, Double> values, long simTimeMillis) {
    public TwinSample {
        values = Map.copyOf(values);
    }
}
