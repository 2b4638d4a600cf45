package org.envgate.wire;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An alert raised or cleared, on {@code P/G/alerts/<rule>} (DESIGN.md, "Alerts").
 *
 * @param rule       the rule's id, as {@link Reading#isId}
 * @param raised     true for {@code "state": "raised"}, false for {@code "cleared"}
 * @param timeMillis the time of the reading that completed the transition, epoch milliseconds; for a
 *                   rule on the station's index, the start of the index's window
 * @param source     {@code <sensor>/<quantity>} or one of {@link #STATION_SOURCES}
 * @param value      that reading's value; for a rate rule the rate per minute there, for a rule on
 *                   the index the index
 * @param threshold  the threshold crossed: the raise threshold on a raise, the clear threshold on a
 *                   clear; for a rate rule a rate per minute
 */
public record AlertEvent(String rule, boolean raised, long timeMillis, Severity severity, String source, double value,
                         double threshold) {

    /** The station's index values a rule may watch instead of a sensor's quantity. */
    /** A source on a window's mean ends {@code /mean_<window>}: {@code pm/pm2_5/mean_1h}. */
    public static final String MEAN_PREFIX = "mean_";

    public static final List<String> STATION_SOURCES = List.of(
            "_station/aqi_vn_1h", "_station/aqi_vn_24h", "_station/aqi_us_1h", "_station/aqi_us_24h");

    /** As written on the wire and in the config. */
    public enum Severity {
        INFO, WARNING, CRITICAL;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AlertEvent {
        Objects.requireNonNull(severity, "severity");
        if (!Reading.isId(rule)) {
            throw new IllegalArgumentException("rule id must match [a-z0-9-]+ and be at most " + Reading.MAX_ID_LENGTH
                    + " characters: '" + rule + "'");
        }
        if (!isSource(source)) {
            throw new IllegalArgumentException("source must be <sensor>/<quantity>[/mean_<window>] or a station index: '"
                    + source + "'");
        }
        if (!Double.isFinite(value) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("value and threshold must be finite: " + value + ", " + threshold);
        }
    }

    /**
     * {@code <sensor>/<quantity>} with a sensor id and a known quantity, the same followed by
     * {@code /mean_<window>} (the window's mean, as {@code P/G/aggregates} names it), or a station index.
     */
    public static boolean isSource(String source) {
        if (source == null) {
            return false;
        }
        if (STATION_SOURCES.contains(source)) {
            return true;
        }
        String[] parts = source.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || !Reading.isId(parts[0]) || Quantity.byId(parts[1]).isEmpty()) {
            return false;
        }
        return parts.length == 2 || (parts[2].startsWith(MEAN_PREFIX)
                && AggregateWindow.parse(parts[2].substring(MEAN_PREFIX.length())).isPresent());
    }

    public String state() {
        return raised ? "raised" : "cleared";
    }

    public byte[] toJson() {
        return JsonText.utf8(json -> {
            json.writeStartObject();
            json.writeStringField("rule", rule);
            json.writeStringField("state", state());
            json.writeNumberField("time", BigDecimal.valueOf(timeMillis, 3));
            json.writeStringField("severity", severity.key());
            json.writeStringField("source", source);
            json.writeNumberField("value", value);
            json.writeNumberField("threshold", threshold);
            json.writeEndObject();
        });
    }

    private static final Set<String> DECLARED = Set.of("rule", "state", "time", "severity", "source", "value",
            "threshold");

    /**
     * Reads an event strictly ({@link StrictJson}): every declared field present, of its type and
     * within the limits of the constructor; keys not declared are ignored and counted.
     */
    public static Received receive(byte[] payload) throws JsonException {
        DeclaredFields fields = DeclaredFields.parse("alert", payload, DECLARED);
        String rule = fields.text("rule");
        if (!Reading.isId(rule)) {
            throw new JsonException("alert: 'rule' '" + SenmlCodec.printable(rule) + "' must match [a-z0-9-]+ and be "
                    + "at most " + Reading.MAX_ID_LENGTH + " characters");
        }
        String state = fields.text("state");
        boolean raised = switch (state) {
            case "raised" -> true;
            case "cleared" -> false;
            default -> throw new JsonException("alert: 'state' must be raised or cleared, not '"
                    + SenmlCodec.printable(state) + "'");
        };
        long time = fields.timeMillis("time").orElseThrow(() -> new JsonException("alert: 'time' is missing"));
        String severityText = fields.text("severity");
        Severity severity = null;
        for (Severity s : Severity.values()) {
            if (s.key().equals(severityText)) {
                severity = s;
            }
        }
        if (severity == null) {
            throw new JsonException("alert: 'severity' must be info, warning or critical, not '"
                    + SenmlCodec.printable(severityText) + "'");
        }
        String source = fields.text("source");
        if (!isSource(source)) {
            throw new JsonException("alert: 'source' '" + SenmlCodec.printable(source) + "' must be <sensor>/<quantity>, "
                    + "<sensor>/<quantity>/mean_<window> or one of " + String.join(", ", STATION_SOURCES));
        }
        AlertEvent event = new AlertEvent(rule, raised, time, severity, source, fields.number("value"),
                fields.number("threshold"));
        return new Received(event, fields.unknownKeys());
    }

    /** {@link #receive} without the count of unknown keys. */
    public static AlertEvent fromJson(byte[] payload) throws JsonException {
        return receive(payload).event();
    }

    /** An event as received, with how many of its keys were not declared and so ignored. */
    public record Received(AlertEvent event, int unknownKeys) {
    }
}
