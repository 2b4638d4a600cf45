package org.envgate.gateway.alert;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.envgate.wire.AlertEvent.Severity;

/**
 * One rule of {@code alerts:}: raise when the source stays past {@code threshold} for
 * {@code holdFor}, clear when it stays back past {@code clear} for {@code clearFor}. The gap
 * between threshold and clear is the hysteresis that keeps a value hovering at the threshold
 * from raising and clearing again and again.
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
        int line) {

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

    /** True when the value is past the raise threshold. */
    public boolean isRaising(double value) {
        return direction.isPast(value, threshold);
    }

    /** True when the value is back past the clear threshold. */
    public boolean isClearing(double value) {
        return direction == Direction.ABOVE ? value < clear : value > clear;
    }
}
