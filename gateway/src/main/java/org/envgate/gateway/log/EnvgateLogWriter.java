package org.envgate.gateway.log;

import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import org.envgate.wire.JsonText;
import org.tinylog.Level;
import org.tinylog.core.LogEntry;
import org.tinylog.core.LogEntryValue;
import org.tinylog.writers.Writer;

/**
 * The gateway's tinylog writer: filters each entry by its component's level in {@link Logging}
 * and writes it to stderr (the journal) as one line of text, or as one JSON object with
 * {@code time}, {@code level}, {@code component}, {@code sensor} and {@code message}.
 *
 * <p>An entry's component is its tag ({@code sensor.pm}); untagged, the gateway package it comes
 * from ({@code uplink}, {@code buffer}, ..., {@code gateway} for the top one), or a library's
 * package ({@code io.moquette.broker}).
 */
public final class EnvgateLogWriter implements Writer {

    private static final String GATEWAY_PACKAGE = "org.envgate.gateway.";
    private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final boolean stamped;

    /**
     * @param properties the writer's properties from tinylog: {@code time=off} (the launcher sets
     *                   {@code -Dtinylog.writer.time=off} when stderr is the journal, which stamps
     *                   each line itself) leaves the time out of text lines
     */
    public EnvgateLogWriter(Map<String, String> properties) {
        this.stamped = !"off".equals(properties.get("time"));
    }

    @Override
    public Collection<LogEntryValue> getRequiredLogEntryValues() {
        return EnumSet.of(LogEntryValue.DATE, LogEntryValue.LEVEL, LogEntryValue.TAG, LogEntryValue.CLASS,
                LogEntryValue.MESSAGE, LogEntryValue.EXCEPTION);
    }

    @Override
    public void write(LogEntry entry) {
        String component = component(entry.getTag(), entry.getClassName());
        if (!Logging.enabled(component, entry.getLevel())) {
            return;
        }
        String message = entry.getMessage() == null ? "" : entry.getMessage();
        if (entry.getException() != null) {
            message = message.isEmpty() ? entry.getException().toString() : message + ": " + entry.getException();
        }
        PrintStream target = Logging.target();
        target.println(Logging.settings().json() ? json(entry, component, message) : text(entry, message, stamped));
    }

    static String component(String tag, String className) {
        if (tag != null) {
            return tag;
        }
        if (className == null) {
            return "gateway";
        }
        if (className.startsWith(GATEWAY_PACKAGE)) {
            String rest = className.substring(GATEWAY_PACKAGE.length());
            return rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : "gateway";
        }
        int lastDot = className.lastIndexOf('.');
        return lastDot < 0 ? className : className.substring(0, lastDot);
    }

    static String text(LogEntry entry, String message, boolean stamped) {
        String line = String.format(Locale.ROOT, "%-5s", entry.getLevel()) + " " + message;
        return stamped ? TEXT_TIME.format(entry.getTimestamp().toInstant()) + " " + line : line;
    }

    static String json(LogEntry entry, String component, String message) {
        return JsonText.text(json -> {
            json.writeStartObject();
            json.writeStringField("time", entry.getTimestamp().toInstant().toString());
            json.writeStringField("level", entry.getLevel().name().toLowerCase(Locale.ROOT));
            json.writeStringField("component", component);
            if (component.startsWith("sensor.")) {
                json.writeStringField("sensor", component.substring("sensor.".length()));
            } else {
                json.writeNullField("sensor");
            }
            json.writeStringField("message", message);
            json.writeEndObject();
        });
    }

    @Override
    public void flush() {
        Logging.target().flush();
    }

    @Override
    public void close() {
        Logging.target().flush();
    }
}
