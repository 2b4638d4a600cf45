package org.envgate.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.envgate.common.config.ConfigException;
import org.envgate.common.config.ConfigMap;
import org.envgate.gateway.alert.AlertRule;
import org.envgate.gateway.aqi.Aqi;
import org.envgate.gateway.alert.AlertRule.Direction;
import org.envgate.gateway.alert.AlertRule.Measure;
import org.envgate.wire.AggregateWindow;
import org.envgate.wire.AlertEvent;
import org.envgate.wire.AlertEvent.Severity;
import org.envgate.wire.Quantity;

/** Reads {@code alerts:} (DESIGN.md, "Config for quality, averages, the index and alerts"). */
final class AlertConfigReader {

    static final Set<String> RULE_KEYS = Set.of("id", "source", "above", "below", "rate-above", "rate-below", "for",
            "clear", "clear-for", "severity", "gpio-out");
    /** The keys of a raise threshold: a rule has exactly one. */
    private static final List<String> THRESHOLD_KEYS = List.of("above", "below", "rate-above", "rate-below");
    static final Pattern RULE_ID = Pattern.compile("[a-z0-9-]+");

    private AlertConfigReader() {
    }

    static List<AlertRule> read(ConfigMap root, List<SensorConfig> sensors, AqiConfig aqi, AggregatesConfig aggregates,
                                Optional<String> gpioPlatform, Optional<StatusLedConfig> statusLed)
            throws ConfigException {
        Map<String, Integer> ids = new HashMap<>();
        Map<Integer, String> pins = new HashMap<>();
        statusLed.ifPresent(led -> pins.put(led.pin(), "the status LED (line " + led.line() + ")"));
        for (SensorConfig sensor : sensors) {
            if (sensor.port().startsWith("gpio:")) {
                pins.put(parsePin(sensor.port()), "the port of sensor '" + sensor.id() + "' (line " + sensor.line()
                        + ")");
            }
        }
        List<AlertRule> rules = new ArrayList<>();
        for (ConfigMap map : root.list("alerts")) {
            AlertRule rule = rule(map, sensors, aqi, aggregates);
            Integer first = ids.putIfAbsent(rule.id(), rule.line());
            if (first != null) {
                throw map.error("id", "duplicate alert id '" + rule.id() + "' (first at line " + first + ")");
            }
            if (rule.gpioOut().isPresent()) {
                int pin = rule.gpioOut().get();
                if (gpioPlatform.isEmpty()) {
                    throw map.error("gpio-out", "an alert's GPIO output needs gpio.platform in the config "
                            + "(gpiod on a Raspberry Pi)");
                }
                String user = pins.putIfAbsent(pin, "the output of alert '" + rule.id() + "' (line " + rule.line()
                        + ")");
                if (user != null) {
                    throw map.error("gpio-out", "BCM " + pin + " is already " + user);
                }
            }
            rules.add(rule);
        }
        return List.copyOf(rules);
    }

    private static int parsePin(String port) {
        try {
            return Integer.parseInt(port.substring("gpio:".length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static AlertRule rule(ConfigMap map, List<SensorConfig> sensors, AqiConfig aqi, AggregatesConfig aggregates)
            throws ConfigException {
        map.allowOnly(RULE_KEYS);
        String id = map.id("id", RULE_ID);
        String source = map.requiredText("source");
        checkSource(map, source, sensors, aqi, aggregates);
        List<String> given = THRESHOLD_KEYS.stream().filter(map::has).toList();
        if (given.size() != 1) {
            throw map.error(given.size() > 1 ? given.get(1) : "source", "an alert has exactly one of above:, below:, "
                    + "rate-above: or rate-below: (the threshold that raises it)");
        }
        String thresholdKey = given.get(0);
        Measure measure = thresholdKey.startsWith("rate-") ? Measure.RATE : Measure.VALUE;
        Direction direction = thresholdKey.endsWith("above") ? Direction.ABOVE : Direction.BELOW;
        if (measure == Measure.RATE && (AlertEvent.STATION_SOURCES.contains(source) || isMean(source))) {
            throw map.error(thresholdKey, "a rate rule watches a sensor's quantity, not the station's index");
        }
        double threshold = map.number(thresholdKey, 0);
        if (!map.has("clear")) {
            throw map.missing("clear");
        }
        double clear = map.number("clear", threshold);
        if (direction == Direction.ABOVE ? clear > threshold : clear < threshold) {
            throw map.error("clear", clear + " must be at or " + (direction == Direction.ABOVE ? "below" : "above")
                    + " the threshold " + threshold + ": the alert clears when the "
                    + (measure == Measure.RATE ? "rate" : "value") + " comes back past it");
        }
        Duration holdFor = map.duration("for", Duration.ZERO);
        Duration clearFor = map.duration("clear-for", Duration.ZERO);
        if (!map.has("severity")) {
            throw map.missing("severity");
        }
        Severity severity = map.choice("severity", Severity.class, Severity.WARNING);
        Optional<Integer> gpioOut = map.has("gpio-out")
                ? Optional.of(map.integer("gpio-out", 0, 0, StatusLedConfig.MAX_PIN))
                : Optional.empty();
        return new AlertRule(id, source, direction, threshold, holdFor, clear, clearFor, severity, gpioOut,
                map.line(), measure);
    }

    private static boolean isMean(String source) {
        return source.split("/").length == 3;
    }

    private static void checkSource(ConfigMap map, String source, List<SensorConfig> sensors, AqiConfig aqi,
                                    AggregatesConfig aggregates) throws ConfigException {
        if (AlertEvent.STATION_SOURCES.contains(source)) {
            // _station/aqi_<index>_<window>: the station makes only the indexes aqi.indexes names.
            String index = source.substring("_station/aqi_".length(), source.lastIndexOf('_'));
            if (aqi.indexes().stream().noneMatch(configured -> configured.id().equals(index))) {
                throw map.error("source", "'" + source + "' needs " + index + " in aqi.indexes (configured: "
                        + (aqi.enabled() ? String.join(", ", aqi.indexes().stream().map(Aqi::id).toList()) : "none")
                        + "); the station computes no other index");
            }
            return;
        }
        String[] parts = source.split("/", -1);
        String sensorId = parts[0];
        if (source.startsWith("_station/") || parts.length < 2 || parts.length > 3) {
            throw map.error("source", "'" + source + "' must be <sensor>/<quantity>, <sensor>/<quantity>/mean_<window> "
                    + "or one of " + String.join(", ", AlertEvent.STATION_SOURCES));
        }
        if (parts.length == 3) {
            // A window's mean: the station must average over that window.
            Optional<AggregateWindow> window = parts[2].startsWith(AlertEvent.MEAN_PREFIX)
                    ? AggregateWindow.parse(parts[2].substring(AlertEvent.MEAN_PREFIX.length())) : Optional.empty();
            if (window.isEmpty() || !aggregates.windows().contains(window.get().length())) {
                throw map.error("source", "'" + source + "': a mean source ends /mean_<window>, the window one of "
                        + "aggregates.windows (" + String.join(", ", aggregates.windows().stream()
                        .map(d -> AggregateWindow.of(d).name()).toList()) + ")");
            }
        }
        String quantityId = parts[1];
        Optional<SensorConfig> sensor = sensors.stream().filter(s -> s.id().equals(sensorId)).findFirst();
        if (sensor.isEmpty()) {
            Set<String> known = new TreeSet<>();
            sensors.forEach(s -> known.add(s.id()));
            throw map.error("source", "'" + sensorId + "' is not a sensor of this gateway (sensors: "
                    + String.join(", ", known) + ")");
        }
        Optional<Quantity> quantity = Quantity.byId(quantityId);
        if (quantity.isEmpty() || !sensor.get().quantities().contains(quantity.get())) {
            Set<String> known = new TreeSet<>();
            sensor.get().quantities().forEach(q -> known.add(q.id()));
            throw map.error("source", "sensor '" + sensorId + "' does not report '" + quantityId + "' (it reports: "
                    + String.join(", ", known) + ")");
        }
    }
}
