package org.envgate.gateway.aggregate;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Windows aligned to the clock of a time zone: each window length divides a day, and a day
 * starts at local midnight, so a 1-hour window starts at a local full hour and a 24-hour window
 * is the local day. On a day the clocks change (daylight saving) the day's last window ends at
 * the next midnight, shorter or longer than the others.
 */
public record WindowClock(ZoneId zone) {

    /** The start, epoch millis, of the window of {@code length} that holds {@code timeMillis}. */
    public long start(long timeMillis, Duration length) {
        long dayStart = dayStart(timeMillis);
        long len = length.toMillis();
        return dayStart + Math.floorDiv(timeMillis - dayStart, len) * len;
    }

    /** The end (exclusive), epoch millis, of the window of {@code length} that starts at {@code startMillis}. */
    public long end(long startMillis, Duration length) {
        long nextDay = nextDayStart(startMillis);
        return Math.min(startMillis + length.toMillis(), nextDay);
    }

    private long dayStart(long timeMillis) {
        return Instant.ofEpochMilli(timeMillis).atZone(zone).toLocalDate().atStartOfDay(zone).toInstant().toEpochMilli();
    }

    private long nextDayStart(long timeMillis) {
        return Instant.ofEpochMilli(timeMillis).atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone)
                .toInstant().toEpochMilli();
    }

    /** A window length as the config and the wire write it: {@code 1m}, {@code 15m}, {@code 1h}, {@code 24h}. */
    public static String name(Duration length) {
        long minutes = length.toMinutes();
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }
}
