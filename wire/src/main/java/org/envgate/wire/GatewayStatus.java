package org.envgate.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * The retained message on {@code P/G/status}: {@code online} when the gateway connects,
 * {@code offline} as its Last Will (and on a clean stop).
 */
public record GatewayStatus(String state, String gateway, String version, long timeMillis) {

    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public byte[] toJson() {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("state", state);
        json.put("gateway", gateway);
        json.put("version", version);
        json.put("time", BigDecimal.valueOf(timeMillis, 3));
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static GatewayStatus fromJson(byte[] payload) throws IOException {
        JsonNode json = MAPPER.readTree(payload);
        if (json == null || !json.isObject() || !json.path("state").isTextual()) {
            throw new IOException("status must be a JSON object with a 'state'");
        }
        return new GatewayStatus(json.get("state").textValue(), json.path("gateway").asText(""),
                json.path("version").asText(""), json.path("time").decimalValue().movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValue());
    }
}
