package org.envgate.gateway.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * The {@code aggregates:} section: the windows averages are computed over.
 *
 * @param windows  ascending, each a whole number of minutes that divides a day
 * @param timeZone the zone whose clock the windows are aligned to: an hour starts at the local
 *                 full hour and a day at local midnight, as the agency's daily index needs
 */
public record AggregatesConfig(List<Duration> windows, ZoneId timeZone) {

    public static final List<Duration> DEFAULT_WINDOWS =
            List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1));
    /** The windows are kept as bits of one small number in the buffer (see MinuteTable). */
    public static final int MAX_WINDOWS = 8;

    public AggregatesConfig {
        windows = List.copyOf(windows);
    }

    public static AggregatesConfig defaults() {
        return new AggregatesConfig(DEFAULT_WINDOWS, ZoneId.systemDefault());
    }
}
