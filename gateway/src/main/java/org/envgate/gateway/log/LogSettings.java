package org.envgate.gateway.log;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tinylog.Level;

/**
 * How the gateway logs: a level per component, the line format, and the sensors whose raw frames
 * are traced.
 *
 * @param defaultLevel the level of every component not named in {@code levels}
 * @param levels       levels by component ({@code uplink}, {@code sensor.pm}, ...)
 * @param json         one JSON object a line instead of text
 * @param traceFrames  the ids of the sensors whose frames are logged in hex
 */
public record LogSettings(Level defaultLevel, Map<String, Level> levels, boolean json, Set<String> traceFrames) {

    public static final LogSettings DEFAULT = new LogSettings(Level.INFO, Map.of(), false, Set.of());

    /** Components a config may name besides {@code default} and {@code sensor.<id>}: the gateway's parts. */
    public static final Set<String> COMPONENTS = Set.of("gateway", "poll", "uplink", "buffer", "clock", "status",
            "watchdog", "demo");

    public LogSettings {
        levels = Map.copyOf(levels);
        traceFrames = Set.copyOf(traceFrames);
    }

    /** The level of {@code component}. */
    public Level level(String component) {
        return levels.getOrDefault(component, defaultLevel);
    }

    /** Every component at {@code level}, whatever the config said for each. */
    public LogSettings withLevel(Level level) {
        return new LogSettings(level, Map.of(), json, traceFrames);
    }

    public LogSettings withJson(boolean newJson) {
        return new LogSettings(defaultLevel, levels, newJson, traceFrames);
    }

    /** A level as written in a config or on the command line: {@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error}, {@code off}. */
    public static Optional<Level> parseLevel(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "trace" -> Optional.of(Level.TRACE);
            case "debug" -> Optional.of(Level.DEBUG);
            case "info" -> Optional.of(Level.INFO);
            case "warn", "warning" -> Optional.of(Level.WARN);
            case "error" -> Optional.of(Level.ERROR);
            case "off" -> Optional.of(Level.OFF);
            default -> Optional.empty();
        };
    }
}
