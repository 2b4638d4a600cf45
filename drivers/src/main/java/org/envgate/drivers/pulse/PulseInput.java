package org.envgate.drivers.pulse;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Duration;

/**
 * How a pulse sensor's contact is wired to its GPIO.
 *
 * @param pin      BCM pin, from the port {@code gpio:<pin>}
 * @param edge     the edge that is one pulse: {@code falling} for a contact to ground with a pull-up
 * @param pull     the SoC's internal pull resistor (about 50 kOhm); {@code off} with an external one
 * @param debounce how long the line must be quiet before an edge counts
 */
public record PulseInput(int pin, Edge edge, Pull pull, Duration debounce) {

    public enum Edge {
        FALLING, RISING;

        /** The level the line goes to on this edge. */
        DigitalState level() {
            return this == FALLING ? DigitalState.LOW : DigitalState.HIGH;
        }
    }

    public enum Pull {
        UP, DOWN, OFF;

        PullResistance resistance() {
            return switch (this) {
                case UP -> PullResistance.PULL_UP;
                case DOWN -> PullResistance.PULL_DOWN;
                case OFF -> PullResistance.OFF;
            };
        }
    }
}
