package org.envgate.wire;

import java.math.BigDecimal;
import java.util.Set;

/**
 * The retained message on {@code P/G/status}: {@code online} when the gateway connects,
 * {@code offline} as its Last Will (and on a clean stop). Both describe the station, so the
 * retained message a late subscriber gets says where the station is even while it is down.
 */
public record GatewayStatus(String state, String gateway, String version, long timeMillis,
                            StationDescription station) {

    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    private static final Set<String> DECLARED = Set.of("state", "gateway", "version", "time", "site", "location",
            "sensors");

    /** A status that describes no station, as a simulated gateway sends. */
    public GatewayStatus(String state, String gateway, String version, long timeMillis) {
        this(state, gateway, version, timeMillis, StationDescription.NONE);
    }

    public byte[] toJson() {
        return JsonText.utf8(json -> {
            json.writeStartObject();
            json.writeStringField("state", state);
            json.writeStringField("gateway", gateway);
            json.writeStringField("version", version);
            json.writeNumberField("time", BigDecimal.valueOf(timeMillis, 3));
            station.writeTo(json);
            json.writeEndObject();
        });
    }

    /**
     * Reads a status message strictly ({@link StrictJson}): {@code state} (required),
     * {@code gateway}, {@code version} and {@code time} (0 when missing), and the station's
     * {@code site}, {@code location} and {@code sensors} as {@link StationDescription} reads them;
     * any other key is counted.
     */
    public static Received receive(byte[] payload) throws JsonException {
        DeclaredFields fields = DeclaredFields.parse("status", payload, DECLARED);
        if (!fields.has("state")) {
            throw new JsonException("status must be a JSON object with a 'state'");
        }
        StationDescription.Read station = StationDescription.read(fields);
        GatewayStatus status = new GatewayStatus(fields.text("state"), fields.optionalText("gateway").orElse(""),
                fields.optionalText("version").orElse(""), fields.timeMillis("time").orElse(0),
                station.description());
        return new Received(status, fields.unknownKeys() + station.ignored());
    }

    /** {@link #receive} without the count of unknown keys. */
    public static GatewayStatus fromJson(byte[] payload) throws JsonException {
        return receive(payload).status();
    }

    /** A status as received, with how many of its keys were not declared (and so ignored). */
    public record Received(GatewayStatus status, int unknownKeys) {
    }
}
