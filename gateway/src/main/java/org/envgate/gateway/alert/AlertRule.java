package org.envgate.gateway.alert;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.envgate.wire.AlertEvent.Severity;

/**
 * One rule of {@code alerts:}: raise when the source stays past {@code threshold} for
 * {@code holdFor}, clear when it stays back past {@code clear} for {@code clearFor}. The gap
 * between threshold and clear is the hysteresis that keeps a value hovering at the threshold
 * from raising and clearing again and again. A {@link Measure#RATE} rule judges the source's
 * change per minute instead of its value, with thresholds in units per minute.
 *
 * @param source   {@code <sensor>/<quantity>} or one of {@link org.envgate.wire.AlertEvent#STATION_SOURCES}
 * @param gpioOut  BCM pin driven high while the alert is raised
 * @param line     the config line the rule starts at, for messages
 */
public record AlertRule(
        String id,
        String source,
        Direction direction,
        double threshold,
        Duration holdFor,
        double clear,
        Duration clearFor,
        Severity severity,
        Optional<Integer> gpioOut,
        int line,
        Measure measure) {

    /** A rule on the source's value ({@code above:} or {@code below:}). */
    public AlertRule(String id, String source, Direction direction, double threshold, Duration holdFor, double clear,
                     Duration clearFor, Severity severity, Optional<Integer> gpioOut, int line) {
        this(id, source, direction, threshold, holdFor, clear, clearFor, severity, gpioOut, line, Measure.VALUE);
    }

    /** Which side of the threshold raises. */
    public enum Direction {
        ABOVE, BELOW;

        /** True when {@code value} is past {@code limit} on this side (equal is not past). */
        public boolean isPast(double value, double limit) {
            return this == ABOVE ? value > limit : value < limit;
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the thresholds apply to. */
    public enum Measure {
        /** The source's value. */
        VALUE,
        /** The source's change per minute, measured by {@link RatePerMinute}. */
        RATE;

        /** The config key of the raise threshold: {@code above}, {@code rate-below} ... */
        public String key(Direction direction) {
            return this == RATE ? "rate-" + direction.key() : direction.key();
        }
    }

    /** True when the value (a rate, for a rate rule) is past the raise threshold. */
    public boolean isRaising(double value) {
        return direction.isPast(value, threshold);
    }

    /** True when the value (a rate, for a rate rule) is back past the clear threshold. */
    public boolean isClearing(double value) {
        return direction == Direction.ABOVE ? value < clear : value > clear;
    }
}
