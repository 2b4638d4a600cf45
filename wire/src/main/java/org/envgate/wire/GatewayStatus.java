package org.envgate.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The retained message on {@code P/G/status}: {@code online} when the gateway connects,
 * {@code offline} as its Last Will (and on a clean stop).
 */
public record GatewayStatus(String state, String gateway, String version, long timeMillis) {

    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> DECLARED = Set.of("state", "gateway", "version", "time", "site", "location",
            "sensors");

    public byte[] toJson() {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("state", state);
        json.put("gateway", gateway);
        json.put("version", version);
        json.put("time", BigDecimal.valueOf(timeMillis, 3));
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a status message strictly ({@link StrictJson}): {@code state} (required),
     * {@code gateway}, {@code version} and {@code time} (0 when missing) are read; {@code site},
     * {@code location} and {@code sensors} describe the station and are known but not read here;
     * any other key is counted.
     */
    public static Received receive(byte[] payload) throws JsonException {
        DeclaredFields fields = DeclaredFields.parse("status", payload, DECLARED);
        if (!fields.has("state")) {
            throw new JsonException("status must be a JSON object with a 'state'");
        }
        GatewayStatus status = new GatewayStatus(fields.text("state"), fields.optionalText("gateway").orElse(""),
                fields.optionalText("version").orElse(""), fields.timeMillis("time").orElse(0));
        return new Received(status, fields.unknownKeys());
    }

    /** {@link #receive} without the count of unknown keys. */
    public static GatewayStatus fromJson(byte[] payload) throws JsonException {
        return receive(payload).status();
    }

    /** A status as received, with how many of its keys were not declared (and so ignored). */
    public record Received(GatewayStatus status, int unknownKeys) {
    }
}
