package org.envgate.wire;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The length of an averaging window: whole minutes that divide a day evenly, from {@code 1m} to
 * {@code 24h}, so that windows aligned to the clock tile every day the same way.
 *
 * <p>Its name is written like a config duration, in hours when it is whole hours ({@code 1m},
 * {@code 15m}, {@code 90m}, {@code 1h}, {@code 24h}); a name has exactly one spelling, so the
 * same window always has the same record names.
 */
public record AggregateWindow(int minutes) {

    public static final int MINUTES_PER_DAY = 24 * 60;
    public static final AggregateWindow MINUTE = new AggregateWindow(1);
    public static final AggregateWindow HOUR = new AggregateWindow(60);
    public static final AggregateWindow DAY = new AggregateWindow(MINUTES_PER_DAY);

    private static final Pattern NAME = Pattern.compile("([1-9][0-9]{0,3})([mh])");
    private static final String RULE = "a window must be whole minutes from 1m to 24h that divide 24h evenly"
            + " (1m, 5m, 15m, 1h, 3h, 24h ...)";

    public AggregateWindow {
        if (minutes < 1 || minutes > MINUTES_PER_DAY || MINUTES_PER_DAY % minutes != 0) {
            throw new IllegalArgumentException(RULE + ", not " + minutes + " min");
        }
    }

    /** The window of a config duration; throws {@link IllegalArgumentException} with the rule when it is not one. */
    public static AggregateWindow of(Duration length) {
        if (length.isNegative() || length.toSeconds() % 60 != 0 || length.toNanosPart() != 0
                || length.toMinutes() > MINUTES_PER_DAY) {
            throw new IllegalArgumentException(RULE + ", not " + length);
        }
        return new AggregateWindow((int) length.toMinutes());
    }

    /** The window named {@code name} in its one spelling ({@code 1h}, never {@code 60m}), or empty. */
    public static Optional<AggregateWindow> parse(String name) {
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int number = Integer.parseInt(matcher.group(1));
        int minutes = matcher.group(2).equals("h") ? number * 60 : number;
        if (minutes > MINUTES_PER_DAY || MINUTES_PER_DAY % minutes != 0) {
            return Optional.empty();
        }
        AggregateWindow window = new AggregateWindow(minutes);
        return window.name().equals(name) ? Optional.of(window) : Optional.empty();
    }

    /** {@code 1m}, {@code 90m}, {@code 1h}, {@code 24h}. */
    public String name() {
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }

    public long millis() {
        return minutes * 60_000L;
    }

    public Duration length() {
        return Duration.ofMinutes(minutes);
    }

    @Override
    public String toString() {
        return name();
    }
}
