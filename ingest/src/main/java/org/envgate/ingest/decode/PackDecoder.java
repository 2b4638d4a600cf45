package org.envgate.ingest.decode;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.envgate.common.config.Units;
import org.envgate.ingest.config.MqttSettings;
import org.envgate.ingest.config.PackLimits;
import org.envgate.ingest.config.StationTags;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.envgate.wire.SenmlException;

/**
 * Turns one message from {@code P/G/readings}, {@code P/G/status} or {@code P/G/health} into
 * points, or rejects it whole with the reason. Strict: anything a gateway would not send is a
 * rejection, and a gateway can only write under its own id.
 *
 * <p>The schema (docs/ingest.md): a reading is a point in the measurement named after its
 * quantity, tagged gateway, sensor and, where the config knows them, model and site, with the
 * field {@code value} and the reading's own time. Status and health become points in
 * {@code gateway_status} and {@code gateway_health}.
 */
public final class PackDecoder {

    public static final String STATUS_MEASUREMENT = "gateway_status";
    public static final String HEALTH_MEASUREMENT = "gateway_health";

    /** Health reports are flattened this deep: {@code sensors.pm.errors} becomes {@code sensors_pm_errors}. */
    private static final int HEALTH_DEPTH = 3;
    private static final int MAX_HEALTH_FIELDS = 200;
    private static final int MAX_FIELD_NAME = 64;
    /**
     * Names a health field cannot have: the point's time and its tags. A store refuses a field
     * named like a tag or like QuestDB's timestamp column, and would refuse it on every retry.
     */
    private static final Set<String> NOT_HEALTH_FIELDS = Set.of("time", "timestamp", "gateway", "site");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private final String topicPrefix;
    private final PackLimits limits;
    private final Function<String, StationTags> tags;

    public PackDecoder(String topicPrefix, PackLimits limits, Function<String, StationTags> tags) {
        this.topicPrefix = topicPrefix + "/";
        this.limits = limits;
        this.tags = tags;
    }

    /**
     * @param receivedMillis when the message arrived: "now" for the time window, and the time
     *                       of status points
     */
    public Decoded decode(String topic, byte[] payload, long receivedMillis) {
        if (!topic.startsWith(topicPrefix)) {
            return new Decoded.Rejected("_unknown", "topic '" + topic + "' is outside prefix '" + topicPrefix + "'");
        }
        String[] levels = topic.substring(topicPrefix.length()).split("/", -1);
        if (levels.length != 2) {
            return new Decoded.Rejected("_unknown", "topic '" + topic + "' is not " + topicPrefix + "<gateway>/<kind>");
        }
        String gateway = levels[0];
        if (gateway.equals(MqttSettings.DEAD_LETTER_LEVEL)) {
            return new Decoded.Ignored();
        }
        if (!Reading.isId(gateway)) {
            return new Decoded.Rejected(gateway, "gateway id '" + gateway + "' in the topic must match "
                    + Reading.ID.pattern() + " and be at most " + Reading.MAX_ID_LENGTH + " characters");
        }
        if (payload.length > limits.maxBytes()) {
            return new Decoded.Rejected(gateway, "message of " + payload.length + " bytes is larger than max-size "
                    + limits.maxBytes());
        }
        try {
            return switch (levels[1]) {
                case "readings" -> readings(gateway, payload, receivedMillis);
                case "status" -> status(gateway, payload, receivedMillis);
                case "health" -> health(gateway, payload, receivedMillis);
                default -> new Decoded.Rejected(gateway, "unknown message kind '" + levels[1] + "'");
            };
        } catch (Rejection e) {
            return new Decoded.Rejected(gateway, e.getMessage());
        } catch (RuntimeException e) {
            // A payload no check foresaw must still be rejected, not stop the service.
            return new Decoded.Rejected(gateway, "undecodable: " + e);
        }
    }

    private Decoded readings(String gateway, byte[] payload, long now) throws Rejection {
        List<Reading> readings;
        try {
            readings = SenmlCodec.decodeReadings(gateway, payload, now);
        } catch (SenmlException e) {
            throw new Rejection(e.getMessage());
        }
        StationTags station = tags.apply(gateway);
        List<String> lines = new ArrayList<>(readings.size());
        Set<Identity> seen = new HashSet<>(readings.size() * 2);
        for (int i = 0; i < readings.size(); i++) {
            Reading reading = readings.get(i);
            String where = "record " + i + " (" + gateway + "/" + reading.sensor() + "/" + reading.quantity() + ")";
            checkTime(where, reading.timeMillis(), now);
            if (!seen.add(new Identity(reading.sensor(), reading.quantity().id(), reading.timeMillis()))) {
                throw new Rejection(where + ": a second value for the same sensor, quantity and time");
            }
            LineProtocol line = new LineProtocol(reading.quantity().id()).tag("gateway", gateway);
            String model = station.model(reading.sensor()).orElse(null);
            if (model != null) {
                line.tag("model", model);
            }
            line.tag("sensor", reading.sensor());
            if (station.site().isPresent()) {
                line.tag("site", station.site().get());
            }
            lines.add(line.field("value", reading.value()).at(reading.timeMillis()));
        }
        return new Decoded.Points(lines, lines.size());
    }

    private record Identity(String sensor, String quantity, long timeMillis) {
    }

    private void checkTime(String where, long timeMillis, long now) throws Rejection {
        if (timeMillis < now - limits.maxAge().toMillis()) {
            throw new Rejection(where + ": time " + Instant.ofEpochMilli(timeMillis) + " is more than max-age "
                    + Units.format(limits.maxAge()) + " ago");
        }
        if (timeMillis > now + limits.maxAhead().toMillis()) {
            throw new Rejection(where + ": time " + Instant.ofEpochMilli(timeMillis) + " is more than max-ahead "
                    + Units.format(limits.maxAhead()) + " in the future");
        }
    }

    private Decoded status(String gateway, byte[] payload, long now) throws Rejection {
        GatewayStatus status;
        try {
            status = GatewayStatus.fromJson(payload);
        } catch (IOException e) {
            throw new Rejection("status: " + e.getMessage());
        }
        checkSender(gateway, status.gateway());
        boolean online = status.state().equals(GatewayStatus.ONLINE);
        if (!online && !status.state().equals(GatewayStatus.OFFLINE)) {
            throw new Rejection("status: state '" + status.state() + "' is neither online nor offline");
        }
        // The received time, not the message's: the Last Will carries the time it was set at connect.
        LineProtocol line = gatewayLine(STATUS_MEASUREMENT, gateway)
                .field("online", online ? 1 : 0)
                .field("state", status.state());
        if (!status.version().isEmpty()) {
            line.field("version", status.version());
        }
        return new Decoded.Points(List.of(line.at(now)), 0);
    }

    /**
     * Health reports have no fixed shape yet: any JSON object is accepted and its numbers (and
     * booleans, as 1 or 0) become fields; text is left out.
     */
    private Decoded health(String gateway, byte[] payload, long now) throws Rejection {
        JsonNode json;
        try {
            json = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new Rejection("health: not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Rejection("health: unreadable: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new Rejection("health: must be a JSON object");
        }
        if (json.has("gateway")) {
            checkSender(gateway, json.get("gateway").asText());
        }
        long time = now;
        if (json.has("time")) {
            if (!json.get("time").isNumber()) {
                throw new Rejection("health: 'time' must be a number (epoch seconds)");
            }
            time = Math.round(json.get("time").doubleValue() * 1000);
            checkTime("health", time, now);
        }
        Map<String, Double> fields = new LinkedHashMap<>();
        flatten("", json, 1, fields);
        fields.keySet().removeAll(NOT_HEALTH_FIELDS);
        if (fields.size() > MAX_HEALTH_FIELDS) {
            throw new Rejection("health: " + fields.size() + " numeric fields, more than " + MAX_HEALTH_FIELDS);
        }
        for (String name : fields.keySet()) {
            if (name.length() > MAX_FIELD_NAME) {
                throw new Rejection("health: field name '" + name.substring(0, 20) + "...' is longer than "
                        + MAX_FIELD_NAME + " characters");
            }
        }
        if (fields.isEmpty()) {
            return new Decoded.Points(List.of(), 0);
        }
        LineProtocol line = gatewayLine(HEALTH_MEASUREMENT, gateway);
        fields.forEach(line::field);
        return new Decoded.Points(List.of(line.at(time)), 0);
    }

    private static void flatten(String prefix, JsonNode node, int depth, Map<String, Double> fields) {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = prefix + fieldName(entry.getKey());
            JsonNode value = entry.getValue();
            if (value.isNumber() && Double.isFinite(value.doubleValue())) {
                fields.put(key, value.doubleValue());
            } else if (value.isBoolean()) {
                fields.put(key, value.booleanValue() ? 1.0 : 0.0);
            } else if (value.isObject() && depth < HEALTH_DEPTH) {
                flatten(key + "_", value, depth + 1, fields);
            }
        }
    }

    private static String fieldName(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    private LineProtocol gatewayLine(String measurement, String gateway) {
        LineProtocol line = new LineProtocol(measurement).tag("gateway", gateway);
        tags.apply(gateway).site().ifPresent(site -> line.tag("site", site));
        return line;
    }

    private static void checkSender(String topicGateway, String named) throws Rejection {
        if (!named.isEmpty() && !named.equals(topicGateway)) {
            throw new Rejection("names gateway '" + named + "' but came on the topic of '" + topicGateway + "'");
        }
    }

    /** Why a message is rejected; caught in {@link #decode}. */
    private static final class Rejection extends Exception {
        Rejection(String message) {
            super(message, null, false, false);
        }
    }
}
