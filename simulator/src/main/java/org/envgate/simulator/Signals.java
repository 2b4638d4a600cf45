package org.envgate.simulator;

import java.util.OptionalDouble;
import org.envgate.wire.Quantity;

/**
 * Values a scenario dictates for some quantities. A twin asks for each quantity it sends and
 * falls back to its own built-in signal when the answer is empty.
 */
@FunctionalInterface
public interface Signals {

    /** No dictated values: every twin follows its own signal. */
    Signals NONE = (quantity, timeMillis) -> OptionalDouble.empty();

    /** The value of {@code quantity} at {@code timeMillis} (the time the twin is driven with), if dictated. */
    OptionalDouble value(Quantity quantity, long timeMillis);
}
