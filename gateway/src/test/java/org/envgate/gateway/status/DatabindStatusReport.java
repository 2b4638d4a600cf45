package org.envgate.gateway.status;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
import org.envgate.wire.Quality;
import org.envgate.wire.Reading;
import org.envgate.wire.StationIndex;
import org.envgate.wire.WindowStats;

/**
 * {@code /api/status} as jackson-databind's tree wrote it before {@link StatusReport} moved to the
 * streaming generator: the reference that {@code StatusPageTest} holds the report to.
 */
final class DatabindStatusReport {

    /** As it was; {@code toString()} below writes with databind's default settings, not this mapper's. */
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private DatabindStatusReport() {
    }

    static byte[] json(Gateway gateway) {
        GatewayHealth health = gateway.health();
        // Ages are differences on the same clock, meaningful even while it is not yet trusted.
        long now = health.timeMillis().orElseGet(System::currentTimeMillis);
        ObjectNode json = MAPPER.createObjectNode();
        json.put("gateway", health.gateway());
        json.put("site", gateway.config().site());
        json.put("version", health.version());
        if (health.timeMillis().isPresent()) {
            json.put("time", seconds(now));
        } else {
            json.putNull("time");
        }
        json.put("uptime_s", health.uptimeSeconds());
        json.put("clock", health.clock());
        json.put("untimed", health.untimed());
        json.put("clock_jumps", health.clockJumps());

        ObjectNode uplink = json.putObject("uplink");
        uplink.put("state", gateway.uplink().state().name().toLowerCase(Locale.ROOT));
        uplink.put("broker", gateway.config().mqtt().url());
        String problem = gateway.uplink().lastProblem();
        if (gateway.uplink().state() == UplinkState.ONLINE || problem.isEmpty()) {
            uplink.putNull("problem");
        } else {
            uplink.put("problem", problem);
        }
        long delivered = gateway.uplink().lastDeliveryMillis();
        if (delivered > 0) {
            uplink.put("last_delivery", seconds(delivered));
            uplink.put("last_delivery_age_s", age(now, delivered));
        } else {
            uplink.putNull("last_delivery");
            uplink.putNull("last_delivery_age_s");
        }
        uplink.put("backlog", health.backlog());
        uplink.put("oldest_unsent_age_s", health.oldestUnsentAgeSeconds());
        uplink.put("sent", health.sent());
        uplink.put("resent", health.resent());
        uplink.put("dropped", health.dropped());

        ObjectNode storage = json.putObject("storage");
        storage.put("used_bytes", health.storageUsedBytes());
        storage.put("max_bytes", gateway.config().storage().maxSize());
        storage.put("free_bytes", health.diskFreeBytes());

        ArrayNode alerts = json.putArray("alerts");
        for (RaisedAlert raised : gateway.alerts().raised()) {
            AlertRule rule = raised.rule();
            ObjectNode a = alerts.addObject();
            a.put("rule", rule.id());
            a.put("severity", rule.severity().key());
            a.put("source", rule.source());
            a.put("measure", rule.measure() == AlertRule.Measure.RATE ? "rate" : "value");
            number(a, "value", raised.value());
            number(a, "threshold", raised.threshold());
            a.put("unit", raised.unit().orElse(""));
            a.put("since", seconds(raised.sinceMillis()));
            a.put("since_age_s", age(now, raised.sinceMillis()));
        }

        Latest averages = gateway.aggregator().latest();
        ArrayNode indexes = json.putArray("aqi");
        for (StationIndex index : averages.indexes().values()) {
            Category category = Category.of(index.value());
            ObjectNode i = indexes.addObject();
            i.put("index", index.scale().id());
            i.put("window", index.window().name());
            i.put("value", index.value());
            i.put("category", category.number());
            i.put("name", index.scale() == IndexScale.US ? category.epaName() : category.english());
            i.put("colour", category.hex());
            i.put("dominant", index.dominant().id());
            i.put("time", seconds(index.startMillis()));
        }
        ArrayNode means = json.putArray("hourly_means");
        for (WindowStats window : averages.hourlyMeans().values()) {
            ObjectNode m = means.addObject();
            m.put("sensor", window.sensor());
            m.put("quantity", window.quantity().id());
            m.put("mean", new BigDecimal(Display.value(window.mean())));
            m.put("text", Display.value(window.mean()));
            m.put("unit", window.quantity().unit());
            m.put("time", seconds(window.startMillis()));
        }

        ArrayNode sensors = json.putArray("sensors");
        for (SensorStatus sensor : gateway.sensors()) {
            ObjectNode s = sensors.addObject();
            s.put("id", sensor.id());
            s.put("model", sensor.model());
            s.put("port", sensor.port());
            s.put("state", sensor.state().name().toLowerCase(Locale.ROOT));
            s.put("fault", sensor.fault());
            s.put("hint", sensor.hint());
            s.put("faults", sensor.faults());
            ArrayNode values = s.putArray("values");
            for (Reading reading : gateway.checked().latest(sensor.id())) {
                Quality quality = reading.quality();
                ObjectNode v = values.addObject();
                v.put("quantity", reading.quantity().id());
                v.put("value", new BigDecimal(Display.value(reading.value())));
                v.put("text", Display.value(reading.value()));
                v.put("unit", reading.unit());
                v.put("time", seconds(reading.timeMillis()));
                v.put("age_s", age(now, reading.timeMillis()));
                v.put("qc", quality.flag().code());
                v.put("qt", quality.testNames());
                if (quality.calibrated()) {
                    v.put("raw", new BigDecimal(Display.value(quality.raw())));
                    v.put("raw_text", Display.value(quality.raw()));
                }
            }
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code key} and {@code key_text} as a value is shown, or null for an unknown value. */
    private static void number(ObjectNode json, String key, OptionalDouble value) {
        if (value.isPresent()) {
            json.put(key, new BigDecimal(Display.value(value.getAsDouble())));
            json.put(key + "_text", Display.value(value.getAsDouble()));
        } else {
            json.putNull(key);
            json.putNull(key + "_text");
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
