package org.envgate.gateway.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.envgate.common.config.ConfigException;
import org.envgate.common.config.ConfigMap;
import org.envgate.common.config.Units;
import org.envgate.gateway.aqi.Aqi;
import org.envgate.wire.Quantity;

/** Reads the {@code aggregates:} and {@code aqi:} sections (README, "Averages and the index"). */
final class AggregatesConfigReader {

    static final Set<String> AGGREGATES_KEYS = Set.of("windows", "time-zone");
    static final Set<String> AQI_KEYS = Set.of("indexes", "pm2_5", "pm10");
    private static final Duration DAY = Duration.ofDays(1);

    private AggregatesConfigReader() {
    }

    static AggregatesConfig aggregates(Optional<ConfigMap> section) throws ConfigException {
        if (section.isEmpty()) {
            return AggregatesConfig.defaults();
        }
        ConfigMap map = section.get();
        map.allowOnly(AGGREGATES_KEYS);
        List<Duration> windows = AggregatesConfig.DEFAULT_WINDOWS;
        if (map.has("windows")) {
            windows = windows(map);
        }
        ZoneId zone = ZoneId.systemDefault();
        Optional<String> zoneName = map.text("time-zone");
        if (zoneName.isPresent()) {
            try {
                zone = ZoneId.of(zoneName.get());
            } catch (DateTimeException e) {
                throw map.error("time-zone", "'" + zoneName.get() + "' is not a time zone (write e.g. Asia/Ho_Chi_Minh)");
            }
        }
        return new AggregatesConfig(windows, zone);
    }

    private static List<Duration> windows(ConfigMap map) throws ConfigException {
        List<String> words = map.words("windows");
        if (words.isEmpty()) {
            throw map.error("windows", "lists no window; write e.g. [1m, 1h, 24h], or leave the key out for those");
        }
        if (words.size() > AggregatesConfig.MAX_WINDOWS) {
            throw map.error("windows", "lists " + words.size() + " windows; at most " + AggregatesConfig.MAX_WINDOWS);
        }
        List<Duration> windows = new ArrayList<>();
        for (String word : words) {
            Duration window = Units.parseDuration(word).orElseThrow(
                    () -> map.error("windows", "'" + word + "' is not a duration (write e.g. 1m, 1h, 24h)"));
            if (window.isZero() || window.toSeconds() % 60 != 0 || window.toNanos() % 1_000_000_000L != 0) {
                throw map.error("windows", "'" + word + "' is not a whole number of minutes");
            }
            if (DAY.toMinutes() % window.toMinutes() != 0) {
                throw map.error("windows", "'" + word + "' does not divide a day into whole windows "
                        + "(e.g. 1m, 5m, 15m, 1h, 3h, 24h do)");
            }
            if (!windows.isEmpty() && window.compareTo(windows.get(windows.size() - 1)) <= 0) {
                throw map.error("windows", "'" + word + "' must be longer than the window before it (list them ascending)");
            }
            windows.add(window);
        }
        return windows;
    }

    static AqiConfig aqi(Optional<ConfigMap> section, Map<String, SensorConfig> sensors) throws ConfigException {
        if (section.isEmpty()) {
            return AqiConfig.NONE;
        }
        ConfigMap map = section.get();
        map.allowOnly(AQI_KEYS);
        List<Aqi> indexes = new ArrayList<>();
        for (String word : map.words("indexes")) {
            Aqi index = Aqi.byId(word).orElseThrow(
                    () -> map.error("indexes", "'" + word + "' is not an index (vn, us)"));
            if (indexes.contains(index)) {
                throw map.error("indexes", "names '" + word + "' twice");
            }
            indexes.add(index);
        }
        if (indexes.isEmpty()) {
            throw map.error("indexes", "names no index; write [vn], [us] or [vn, us]");
        }
        Map<Quantity, String> pollutants = new LinkedHashMap<>();
        for (Quantity pollutant : List.of(Quantity.PM2_5, Quantity.PM10)) {
            Optional<String> id = map.text(pollutant.id());
            if (id.isEmpty()) {
                continue;
            }
            SensorConfig sensor = sensors.get(id.get());
            if (sensor == null) {
                throw map.error(pollutant.id(), "names sensor '" + id.get() + "', which is not in sensors:");
            }
            if (!sensor.quantities().contains(pollutant)) {
                throw map.error(pollutant.id(), "sensor '" + id.get() + "' (" + sensor.model() + ") does not report "
                        + pollutant.id());
            }
            pollutants.put(pollutant, id.get());
        }
        if (pollutants.isEmpty()) {
            throw map.error("indexes", "needs the sensor of at least one pollutant: pm2_5: <sensor id>, pm10: <sensor id>");
        }
        return new AqiConfig(indexes, pollutants);
    }
}
