package org.envgate.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The retained message on {@code P/G/status}: {@code online} when the gateway connects,
 * {@code offline} as its Last Will (and on a clean stop).
 */
public record GatewayStatus(String state, String gateway, String version, long timeMillis) {

    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final BigDecimal MAX_TIME_SECONDS = BigDecimal.valueOf(100_000_000_000L);

    public byte[] toJson() {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("state", state);
        json.put("gateway", gateway);
        json.put("version", version);
        json.put("time", BigDecimal.valueOf(timeMillis, 3));
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a status message strictly ({@link StrictJson}); {@code time} may be missing (then 0). */
    public static GatewayStatus fromJson(byte[] payload) throws IOException {
        Object json;
        try {
            json = StrictJson.parse(payload);
        } catch (JsonException e) {
            throw new IOException("not valid JSON: " + e.getMessage(), e);
        }
        if (!(json instanceof Map<?, ?> object) || !(object.get("state") instanceof String state)) {
            throw new IOException("status must be a JSON object with a 'state'");
        }
        return new GatewayStatus(state, text(object, "gateway"), text(object, "version"), timeMillis(object));
    }

    private static String text(Map<?, ?> object, String key) throws IOException {
        Object value = object.get(key);
        if (value == null) {
            return "";
        }
        if (!(value instanceof String text)) {
            throw new IOException("'" + key + "' must be a string");
        }
        return text;
    }

    private static long timeMillis(Map<?, ?> object) throws IOException {
        Object value = object.get("time");
        if (value == null) {
            return 0;
        }
        if (!(value instanceof BigDecimal seconds) || seconds.abs().compareTo(MAX_TIME_SECONDS) > 0) {
            throw new IOException("'time' must be epoch seconds within +-1e11");
        }
        return seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
