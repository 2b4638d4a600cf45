package org.envgate.gateway.log;

import java.io.PrintStream;
import org.tinylog.Level;

/**
 * The gateway's current {@link LogSettings}, applied by {@link EnvgateLogWriter} to every entry.
 * tinylog's own configuration is fixed once the first line is logged, so the levels and the format
 * live here instead, where a config read later (or a test) can still set them.
 */
public final class Logging {

    private static volatile LogSettings settings = LogSettings.DEFAULT;
    private static volatile PrintStream target;

    private Logging() {
    }

    public static LogSettings settings() {
        return settings;
    }

    public static void apply(LogSettings newSettings) {
        settings = newSettings;
    }

    /**
     * Sends every log line to {@code stream} instead of stderr (the demo keeps its terminal for
     * the readings); {@code null} goes back to stderr.
     */
    public static void writeTo(PrintStream stream) {
        target = stream;
    }

    /** Where log lines go: stderr unless {@link #writeTo} said otherwise. */
    static PrintStream target() {
        PrintStream stream = target;
        return stream == null ? System.err : stream;
    }

    /** Whether an entry of {@code level} from {@code component} is written. */
    static boolean enabled(String component, Level level) {
        Level threshold = settings.level(component);
        return threshold != Level.OFF && level.ordinal() >= threshold.ordinal();
    }

    /** Whether {@code sensorId}'s raw frames are traced. */
    public static boolean tracesFrames(String sensorId) {
        return settings.traceFrames().contains(sensorId);
    }

    /** The tag of a sensor's log lines, which names its component. */
    public static String sensorTag(String sensorId) {
        return "sensor." + sensorId;
    }
}
