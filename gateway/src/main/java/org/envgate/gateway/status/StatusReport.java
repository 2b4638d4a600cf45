package org.envgate.gateway.status;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.OptionalDouble;
import org.envgate.gateway.Display;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.aggregate.Latest;
import org.envgate.gateway.alert.AlertRule;
import org.envgate.gateway.alert.RaisedAlert;
import org.envgate.gateway.aqi.Category;
import org.envgate.gateway.poll.SensorStatus;
import org.envgate.gateway.uplink.UplinkState;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.IndexScale;
import org.envgate.wire.JsonText;
import org.envgate.wire.Quality;
import org.envgate.wire.Reading;
import org.envgate.wire.StationIndex;
import org.envgate.wire.WindowStats;

/**
 * The JSON of {@code /api/status}: the health report's figures (the same measurements as on
 * {@code P/G/health}), grouped for a person, plus the uplink's state and every sensor's latest
 * values as quality control checked them, with their age, QC flag ({@code qc}, 1 to 4), flagging
 * tests ({@code qt}) and value before calibration ({@code raw}, when one was applied): the names
 * of the SenML records. Times are epoch seconds, ages seconds. {@code aqi} holds the station's
 * newest index of each kind with its category, colour and dominant pollutant, and
 * {@code hourly_means} each series' newest hourly mean, as sent on {@code P/G/aggregates}.
 * {@code alerts} holds the rules raised now, the most severe first: each with the value and
 * threshold of the event that raised it (a rate per minute for a rate rule) and its time.
 */
public final class StatusReport {

    private StatusReport() {
    }

    public static byte[] json(Gateway gateway) {
        return JsonText.utf8(json -> write(json, gateway));
    }

    private static void write(JsonGenerator json, Gateway gateway) throws IOException {
        GatewayHealth health = gateway.health();
        // Ages are differences on the same clock, meaningful even while it is not yet trusted.
        long now = health.timeMillis().orElseGet(System::currentTimeMillis);
        json.writeStartObject();
        json.writeStringField("gateway", health.gateway());
        json.writeStringField("site", gateway.config().site());
        json.writeStringField("version", health.version());
        if (health.timeMillis().isPresent()) {
            json.writeNumberField("time", seconds(now));
        } else {
            json.writeNullField("time");
        }
        json.writeNumberField("uptime_s", health.uptimeSeconds());
        json.writeStringField("clock", health.clock());
        json.writeNumberField("untimed", health.untimed());
        json.writeNumberField("clock_jumps", health.clockJumps());

        json.writeObjectFieldStart("uplink");
        json.writeStringField("state", gateway.uplink().state().name().toLowerCase(Locale.ROOT));
        json.writeStringField("broker", gateway.config().mqtt().url());
        String problem = gateway.uplink().lastProblem();
        if (gateway.uplink().state() == UplinkState.ONLINE || problem.isEmpty()) {
            json.writeNullField("problem");
        } else {
            json.writeStringField("problem", problem);
        }
        long delivered = gateway.uplink().lastDeliveryMillis();
        if (delivered > 0) {
            json.writeNumberField("last_delivery", seconds(delivered));
            json.writeNumberField("last_delivery_age_s", age(now, delivered));
        } else {
            json.writeNullField("last_delivery");
            json.writeNullField("last_delivery_age_s");
        }
        json.writeNumberField("backlog", health.backlog());
        json.writeNumberField("oldest_unsent_age_s", health.oldestUnsentAgeSeconds());
        json.writeNumberField("sent", health.sent());
        json.writeNumberField("resent", health.resent());
        json.writeNumberField("dropped", health.dropped());
        json.writeEndObject();

        json.writeObjectFieldStart("storage");
        json.writeNumberField("used_bytes", health.storageUsedBytes());
        json.writeNumberField("max_bytes", gateway.config().storage().maxSize());
        json.writeNumberField("free_bytes", health.diskFreeBytes());
        json.writeEndObject();

        json.writeArrayFieldStart("alerts");
        for (RaisedAlert raised : gateway.alerts().raised()) {
            AlertRule rule = raised.rule();
            json.writeStartObject();
            json.writeStringField("rule", rule.id());
            json.writeStringField("severity", rule.severity().key());
            json.writeStringField("source", rule.source());
            json.writeStringField("measure", rule.measure() == AlertRule.Measure.RATE ? "rate" : "value");
            number(json, "value", raised.value());
            number(json, "threshold", raised.threshold());
            json.writeStringField("unit", raised.unit().orElse(""));
            json.writeNumberField("since", seconds(raised.sinceMillis()));
            json.writeNumberField("since_age_s", age(now, raised.sinceMillis()));
            json.writeEndObject();
        }
        json.writeEndArray();

        Latest averages = gateway.aggregator().latest();
        json.writeArrayFieldStart("aqi");
        for (StationIndex index : averages.indexes().values()) {
            Category category = Category.of(index.value());
            json.writeStartObject();
            json.writeStringField("index", index.scale().id());
            json.writeStringField("window", index.window().name());
            json.writeNumberField("value", index.value());
            json.writeNumberField("category", category.number());
            json.writeStringField("name", index.scale() == IndexScale.US ? category.epaName() : category.english());
            json.writeStringField("colour", category.hex());
            json.writeStringField("dominant", index.dominant().id());
            json.writeNumberField("time", seconds(index.startMillis()));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("hourly_means");
        for (WindowStats window : averages.hourlyMeans().values()) {
            json.writeStartObject();
            json.writeStringField("sensor", window.sensor());
            json.writeStringField("quantity", window.quantity().id());
            json.writeNumberField("mean", new BigDecimal(Display.value(window.mean())));
            json.writeStringField("text", Display.value(window.mean()));
            json.writeStringField("unit", window.quantity().unit());
            json.writeNumberField("time", seconds(window.startMillis()));
            json.writeEndObject();
        }
        json.writeEndArray();

        json.writeArrayFieldStart("sensors");
        for (SensorStatus sensor : gateway.sensors()) {
            json.writeStartObject();
            json.writeStringField("id", sensor.id());
            json.writeStringField("model", sensor.model());
            json.writeStringField("port", sensor.port());
            json.writeStringField("state", sensor.state().name().toLowerCase(Locale.ROOT));
            json.writeStringField("fault", sensor.fault());
            json.writeStringField("hint", sensor.hint());
            json.writeNumberField("faults", sensor.faults());
            json.writeArrayFieldStart("values");
            for (Reading reading : gateway.checked().latest(sensor.id())) {
                Quality quality = reading.quality();
                json.writeStartObject();
                json.writeStringField("quantity", reading.quantity().id());
                json.writeNumberField("value", new BigDecimal(Display.value(reading.value())));
                json.writeStringField("text", Display.value(reading.value()));
                json.writeStringField("unit", reading.unit());
                json.writeNumberField("time", seconds(reading.timeMillis()));
                json.writeNumberField("age_s", age(now, reading.timeMillis()));
                json.writeNumberField("qc", quality.flag().code());
                json.writeStringField("qt", quality.testNames());
                if (quality.calibrated()) {
                    json.writeNumberField("raw", new BigDecimal(Display.value(quality.raw())));
                    json.writeStringField("raw_text", Display.value(quality.raw()));
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** {@code key} and {@code key_text} as a value is shown, or null for an unknown value. */
    private static void number(JsonGenerator json, String key, OptionalDouble value) throws IOException {
        if (value.isPresent()) {
            json.writeNumberField(key, new BigDecimal(Display.value(value.getAsDouble())));
            json.writeStringField(key + "_text", Display.value(value.getAsDouble()));
        } else {
            json.writeNullField(key);
            json.writeNullField(key + "_text");
        }
    }

    private static BigDecimal seconds(long millis) {
        return BigDecimal.valueOf(millis, 3);
    }

    /** Seconds from {@code thenMillis} to {@code nowMillis}, never negative (the clock may have been set back). */
    private static BigDecimal age(long nowMillis, long thenMillis) {
        return BigDecimal.valueOf(Math.max(0, nowMillis - thenMillis) / 100, 1);
    }
}
