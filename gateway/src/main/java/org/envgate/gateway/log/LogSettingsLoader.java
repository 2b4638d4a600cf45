package org.envgate.gateway.log;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.envgate.common.config.ConfigException;
import org.envgate.common.config.ConfigFiles;
import org.envgate.common.config.ConfigMap;
import org.tinylog.Level;

/**
 * Reads a gateway config's {@code log} section and each sensor's {@code trace-frames}. They are read
 * apart from the rest (which {@code GatewayConfigLoader} validates, allowing these keys) so that
 * logging is set before anything else of the config is acted on.
 *
 * <pre>
 * log:
 *   level: debug                          # every component; or per component:
 *   level: {default: info, sensor.pm: debug, uplink: warn}
 * sensors:
 *   - id: pm
 *     trace-frames: true                  # each raw frame in hex
 * </pre>
 */
public final class LogSettingsLoader {

    static final Set<String> LOG_KEYS = Set.of("level");
    private static final String LEVELS = "trace, debug, info, warn, error, off";

    private LogSettingsLoader() {
    }

    public static LogSettings load(Path file) throws ConfigException {
        return parse(file.toString(), ConfigFiles.read(file));
    }

    public static LogSettings parse(String file, String text) throws ConfigException {
        ConfigMap root = ConfigMap.parse(file, text);
        Set<String> sensors = new LinkedHashSet<>();
        Set<String> traced = new HashSet<>();
        if (root.has("sensors")) {
            for (ConfigMap sensor : root.list("sensors")) {
                Optional<String> id = sensor.text("id");
                if (id.isPresent()) {
                    sensors.add(id.get());
                    if (sensor.bool("trace-frames", false)) {
                        traced.add(id.get());
                    }
                }
            }
        }
        Optional<ConfigMap> section = root.map("log");
        if (section.isEmpty() || !section.get().has("level")) {
            return new LogSettings(Level.INFO, Map.of(), false, traced);
        }
        ConfigMap log = section.get();
        log.allowOnly(LOG_KEYS);
        Optional<String> single = singleLevel(log);
        if (single.isPresent()) {
            return new LogSettings(level(log, "level", single.get()), Map.of(), false, traced);
        }
        ConfigMap perComponent = log.requiredMap("level");
        Level defaultLevel = Level.INFO;
        Map<String, Level> levels = new HashMap<>();
        for (String component : perComponent.keys()) {
            Level level = level(perComponent, component, perComponent.requiredText(component));
            if (component.equals("default")) {
                defaultLevel = level;
            } else if (LogSettings.COMPONENTS.contains(component)
                    || component.startsWith("sensor.") && sensors.contains(component.substring("sensor.".length()))) {
                levels.put(component, level);
            } else {
                Set<String> known = new TreeSet<>(LogSettings.COMPONENTS);
                sensors.forEach(id -> known.add(Logging.sensorTag(id)));
                throw perComponent.error(component, "is not a component: default, " + String.join(", ", known));
            }
        }
        return new LogSettings(defaultLevel, levels, false, traced);
    }

    /** {@code level: debug} rather than a mapping; empty for a mapping. */
    private static Optional<String> singleLevel(ConfigMap log) throws ConfigException {
        try {
            return log.text("level");
        } catch (ConfigException notASingleValue) {
            return Optional.empty();
        }
    }

    private static Level level(ConfigMap map, String key, String text) throws ConfigException {
        return LogSettings.parseLevel(text).orElseThrow(() -> map.error(key, "'" + text + "' is not a level: " + LEVELS));
    }
}
