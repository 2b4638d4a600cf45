package org.envgate.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The periodic report on {@code P/G/health}: how far behind the gateway is and how its sensors
 * are, so the agency can see a station's state without visiting it.
 *
 * @param timeMillis          when the report was made; empty while the gateway's clock is not
 *                            trusted (the report then has no {@code time}, and a receiver uses
 *                            the time it arrived)
 * @param uptimeSeconds       since the gateway started
 * @param backlog             readings waiting in the buffer
 * @param oldestUnsentAgeSeconds age of the oldest waiting reading; 0 when none waits
 * @param sent                readings the broker acknowledged since start
 * @param resent              readings published again since start because no acknowledgement came
 *                            before the connection (or the previous run) ended
 * @param dropped             readings dropped since start because storage was full
 * @param storageUsedBytes    what the buffer occupies
 * @param diskFreeBytes       free space on the buffer's file system
 * @param clock               {@code synchronized}, {@code unsynchronized} or {@code unknown}
 * @param untimed             readings held until the clock can be trusted (not in {@code backlog})
 * @param clockJumps          times the system clock jumped since start
 * @param sensors             one entry per configured sensor
 */
public record GatewayHealth(String gateway, String version, OptionalLong timeMillis, long uptimeSeconds, long backlog,
                            double oldestUnsentAgeSeconds, long sent, long resent, long dropped, long storageUsedBytes,
                            long diskFreeBytes, String clock, long untimed, long clockJumps,
                            List<SensorHealth> sensors) {

    /**
     * One sensor's state, e.g. {@code ok}, {@code no_response}, {@code port_fault}, with its last fault in words.
     *
     * @param qc its readings since start per QC flag; empty in a report from a gateway without quality control
     */
    public record SensorHealth(String id, String model, String port, String state, long faults, String fault,
                               Optional<QcCounts> qc) {
    }

    public byte[] toJson() {
        return JsonText.utf8(this::writeTo);
    }

    private void writeTo(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("gateway", gateway);
        json.writeStringField("version", version);
        if (timeMillis.isPresent()) {
            json.writeNumberField("time", BigDecimal.valueOf(timeMillis.getAsLong(), 3));
        }
        json.writeNumberField("uptime_s", uptimeSeconds);
        json.writeNumberField("backlog", backlog);
        json.writeNumberField("oldest_unsent_age_s", oldestUnsentAgeSeconds);
        json.writeNumberField("sent", sent);
        json.writeNumberField("resent", resent);
        json.writeNumberField("dropped", dropped);
        json.writeNumberField("storage_used_bytes", storageUsedBytes);
        json.writeNumberField("disk_free_bytes", diskFreeBytes);
        json.writeStringField("clock", clock);
        json.writeNumberField("untimed", untimed);
        json.writeNumberField("clock_jumps", clockJumps);
        json.writeObjectFieldStart("sensors");
        for (SensorHealth sensor : byId(sensors).values()) {
            json.writeObjectFieldStart(sensor.id());
            json.writeStringField("model", sensor.model());
            json.writeStringField("port", sensor.port());
            json.writeStringField("state", sensor.state());
            json.writeNumberField("faults", sensor.faults());
            if (!sensor.fault().isEmpty()) {
                json.writeStringField("fault", DeclaredFields.cut(sensor.fault()));
            }
            if (sensor.qc().isPresent()) {
                for (QcFlag flag : QcFlag.values()) {
                    json.writeNumberField(QcCounts.field(flag), sensor.qc().get().of(flag));
                }
            }
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    /** One entry per id, where the id first comes, holding its last sensor: a JSON object has each key once. */
    private static Map<String, SensorHealth> byId(List<SensorHealth> sensors) {
        Map<String, SensorHealth> byId = new LinkedHashMap<>();
        sensors.forEach(sensor -> byId.put(sensor.id(), sensor));
        return byId;
    }

    /** Sensors in one report at most. */
    public static final int MAX_SENSORS = 64;

    private static final Set<String> DECLARED = Set.of("gateway", "version", "time", "uptime_s", "backlog",
            "oldest_unsent_age_s", "sent", "resent", "dropped", "storage_used_bytes", "disk_free_bytes", "clock",
            "untimed", "clock_jumps", "sensors");
    private static final Set<String> DECLARED_FOR_SENSOR = Set.of("model", "port", "state", "faults", "fault",
            "qc_pass", "qc_not_evaluated", "qc_suspect", "qc_fail");

    /**
     * Reads a health report strictly ({@link StrictJson}) with the fields {@link #toJson} writes,
     * each of its type ({@code time} and a sensor's {@code fault} may be missing, and a sensor's QC
     * counts, all four together, for a gateway without quality control); text at most
     * 256 characters, at most {@value #MAX_SENSORS} sensors with ids as {@link Reading#isId};
     * keys not declared are ignored and counted.
     */
    public static Received receive(byte[] payload) throws JsonException {
        DeclaredFields fields = DeclaredFields.parse("health", payload, DECLARED);
        int unknownKeys = fields.unknownKeys();
        Map<?, ?> bySensor = fields.object("sensors");
        if (bySensor.size() > MAX_SENSORS) {
            throw new JsonException("health: " + bySensor.size() + " sensors, more than " + MAX_SENSORS);
        }
        List<SensorHealth> sensors = new ArrayList<>(bySensor.size());
        for (Map.Entry<?, ?> entry : bySensor.entrySet()) {
            String id = (String) entry.getKey();
            if (!Reading.isId(id)) {
                throw new JsonException("health: sensor id '" + SenmlCodec.printable(id) + "' must match "
                        + "[a-z0-9-]+ and be at most " + Reading.MAX_ID_LENGTH + " characters");
            }
            DeclaredFields sensor = new DeclaredFields("health of sensor '" + id + "'", entry.getValue(),
                    DECLARED_FOR_SENSOR);
            unknownKeys += sensor.unknownKeys();
            sensors.add(new SensorHealth(id, sensor.text("model"), sensor.text("port"), sensor.text("state"),
                    sensor.count("faults"), sensor.optionalText("fault").orElse(""), qcCounts(sensor)));
        }
        GatewayHealth health = new GatewayHealth(fields.text("gateway"), fields.text("version"),
                fields.timeMillis("time"), fields.count("uptime_s"), fields.count("backlog"),
                fields.amount("oldest_unsent_age_s"), fields.count("sent"), fields.count("resent"),
                fields.count("dropped"), fields.count("storage_used_bytes"), fields.count("disk_free_bytes"),
                fields.text("clock"), fields.count("untimed"), fields.count("clock_jumps"), List.copyOf(sensors));
        return new Received(health, unknownKeys);
    }

    private static Optional<QcCounts> qcCounts(DeclaredFields sensor) throws JsonException {
        for (QcFlag flag : QcFlag.values()) {
            if (sensor.has(QcCounts.field(flag))) {
                return Optional.of(new QcCounts(sensor.count(QcCounts.field(QcFlag.PASS)),
                        sensor.count(QcCounts.field(QcFlag.NOT_EVALUATED)), sensor.count(QcCounts.field(QcFlag.SUSPECT)),
                        sensor.count(QcCounts.field(QcFlag.FAIL))));
            }
        }
        return Optional.empty();
    }

    /** {@link #receive} without the count of unknown keys. */
    public static GatewayHealth fromJson(byte[] payload) throws JsonException {
        return receive(payload).health();
    }

    /** A report as received, with how many of its keys (sensors' included) were not declared and so ignored. */
    public record Received(GatewayHealth health, int unknownKeys) {
    }
}
