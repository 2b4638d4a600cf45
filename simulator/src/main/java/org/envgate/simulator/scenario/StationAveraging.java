package org.envgate.simulator.scenario;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.envgate.wire.Quantity;

/**
 * What the scenario's {@code aggregates:} and {@code aqi:} ask of the gateway, as far as the
 * expected averages need it: the windows, the time zone they are aligned in, the indexes and the
 * sensor of each pollutant. The gateway's defaults apply where the scenario says nothing.
 *
 * @param windows    window lengths, shortest first; each divides a day
 * @param zone       windows are aligned to this zone's clock, a day starting at local midnight
 * @param indexes    {@code vn}, {@code us}; empty for no index
 * @param pollutants the sensor id for {@code pm2_5} and {@code pm10}
 */
public record StationAveraging(List<Duration> windows, ZoneId zone, List<String> indexes,
                               Map<Quantity, String> pollutants) {

    /** The gateway's windows when {@code aggregates:} names none. */
    public static final List<Duration> DEFAULT_WINDOWS = List.of(Duration.ofMinutes(1), Duration.ofHours(1),
            Duration.ofDays(1));

    public StationAveraging {
        windows = List.copyOf(windows);
        indexes = List.copyOf(indexes);
        pollutants = Map.copyOf(pollutants);
    }

    /** Without {@code aggregates:} or {@code aqi:}: the default windows in the system's zone, no index. */
    public static StationAveraging defaults() {
        return new StationAveraging(DEFAULT_WINDOWS, ZoneId.systemDefault(), List.of(), Map.of());
    }
}
