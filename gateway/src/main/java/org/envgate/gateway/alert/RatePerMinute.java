package org.envgate.gateway.alert;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.OptionalDouble;

/**
 * A source's change per minute for a rate rule: each reading is compared with the newest reading
 * at least a minute older, as QC's rate-of-change test spreads a change over no less than a
 * minute. A sensor read every few seconds moves by its noise from one reading to the next; that
 * step taken as a rate per minute would be many times the noise, while over a minute the noise
 * stays the size of the noise and a real rise adds up.
 *
 * <p>Keeps the readings of the last minute and one before it. Not thread-safe.
 */
final class RatePerMinute {

    static final long SPAN_MILLIS = 60_000;
    private static final MathContext DIGITS = new MathContext(6);

    private record Point(long monoMillis, double value) {
    }

    private final Deque<Point> recent = new ArrayDeque<>();

    /**
     * Adds a reading and returns the rate at it, in the source's unit per minute, to 6
     * significant digits (a rise of 8 cm a minute reads 0.08, not 0.07999999999999996); empty
     * while there is no reading a minute older, or when the reading is not newer than the last.
     */
    OptionalDouble add(long monoMillis, double value) {
        if (!recent.isEmpty() && monoMillis <= recent.peekLast().monoMillis()) {
            return OptionalDouble.empty();
        }
        recent.addLast(new Point(monoMillis, value));
        // Drop the readings before the newest one that is a minute older than this one.
        while (recent.size() > 1 && monoMillis - secondOldest().monoMillis() >= SPAN_MILLIS) {
            recent.removeFirst();
        }
        Point reference = recent.peekFirst();
        long elapsed = monoMillis - reference.monoMillis();
        if (elapsed < SPAN_MILLIS) {
            return OptionalDouble.empty();
        }
        double rate = (value - reference.value()) * SPAN_MILLIS / elapsed;
        return OptionalDouble.of(new BigDecimal(rate).round(DIGITS).doubleValue());
    }

    private Point secondOldest() {
        Iterator<Point> it = recent.iterator();
        it.next();
        return it.next();
    }
}
