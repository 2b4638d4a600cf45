package org.envgate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StationDescriptionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StationDescription STATION = new StationDescription("lien-chieu",
            Optional.of(new Location(16.07, 108.22, OptionalDouble.of(12.5))),
            List.of(new StationDescription.SensorDescription("pm", "pms5003",
                            List.of(Quantity.PM1_0, Quantity.PM2_5, Quantity.PM10)),
                    new StationDescription.SensorDescription("air", "bme280",
                            List.of(Quantity.TEMPERATURE, Quantity.HUMIDITY, Quantity.PRESSURE))));
    private static final GatewayStatus ONLINE = new GatewayStatus(GatewayStatus.ONLINE, "dn-lienchieu-01", "0.3.0",
            1_795_877_531_630L, STATION);

    @Test
    void theOnlineMessageDescribesTheStationUnderTheDesignsNames() throws Exception {
        JsonNode json = JSON.readTree(ONLINE.toJson());

        assertEquals(List.of("state", "gateway", "version", "time", "site", "location", "sensors"), names(json));
        assertEquals("lien-chieu", json.get("site").asText());
        assertEquals(List.of("lat", "lon", "elevation"), names(json.get("location")));
        assertEquals(16.07, json.get("location").get("lat").asDouble());
        assertEquals(108.22, json.get("location").get("lon").asDouble());
        assertEquals(12.5, json.get("location").get("elevation").asDouble());
        assertEquals(List.of("pm", "air"), names(json.get("sensors")));
        assertEquals(List.of("model", "quantities"), names(json.get("sensors").get("pm")));
        assertEquals("pms5003", json.get("sensors").get("pm").get("model").asText());
        assertEquals("[\"pm1_0\",\"pm2_5\",\"pm10\"]", json.get("sensors").get("pm").get("quantities").toString());
    }

    @Test
    void readsBackWhatItWrites() throws Exception {
        assertEquals(new GatewayStatus.Received(ONLINE, 0), GatewayStatus.receive(ONLINE.toJson()));
        GatewayStatus offline = new GatewayStatus(GatewayStatus.OFFLINE, "gw", "0.3.0", 1_795_877_531_630L,
                new StationDescription("", Optional.of(new Location(-33.9, 18.4, OptionalDouble.empty())), List.of()));
        assertEquals(offline, GatewayStatus.fromJson(offline.toJson()));
    }

    @Test
    void aStatusWithoutADescriptionDescribesNothing() throws Exception {
        JsonNode json = JSON.readTree(new GatewayStatus(GatewayStatus.OFFLINE, "gw", "sim", 0).toJson());
        assertEquals(List.of("state", "gateway", "version", "time"), names(json));
        assertEquals(StationDescription.NONE,
                GatewayStatus.fromJson("{\"state\":\"offline\"}".getBytes(StandardCharsets.UTF_8)).station());
    }

    @Test
    void keysAndQuantitiesItDoesNotKnowAreIgnoredAndCounted() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(ONLINE.toJson());
        ((ObjectNode) json.get("location")).put("accuracy", 5);
        ((ObjectNode) json.get("sensors").get("pm")).put("port", "/dev/serial0");
        ((ArrayNode) json.get("sensors").get("pm").get("quantities")).add("pm4_0");

        GatewayStatus.Received received = GatewayStatus.receive(bytes(json));

        assertEquals(ONLINE, received.status());
        assertEquals(3, received.unknownKeys());
    }

    @Test
    void findsASensorByItsId() {
        assertEquals("bme280", STATION.sensor("air").orElseThrow().model());
        assertFalse(STATION.sensor("co2").isPresent());
    }

    @Test
    void refusesWhatIsNotTheDeclaredShape() throws Exception {
        assertEquals("status: site 'Lien Chieu' must match [a-z0-9-]+ and be at most 64 characters",
                refusal(json -> json.put("site", "Lien Chieu")));
        assertEquals("status: 'site' must be a string", refusal(json -> json.put("site", 1)));
        assertEquals("status: location must be a JSON object", refusal(json -> json.putArray("location")));
        assertEquals("status: location: 'lat' is missing", refusal(json -> ((ObjectNode) json.get("location")).remove("lat")));
        assertEquals("status: location: 'lon' must be a finite number",
                refusal(json -> ((ObjectNode) json.get("location")).put("lon", "108.22")));
        assertEquals("status: location: latitude 90.5 is outside -90 to 90 degrees",
                refusal(json -> ((ObjectNode) json.get("location")).put("lat", 90.5)));
        assertEquals("status: location: longitude -180.01 is outside -180 to 180 degrees",
                refusal(json -> ((ObjectNode) json.get("location")).put("lon", -180.01)));
        assertEquals("status: location: elevation 9001.0 m is outside -500 to 9000 m",
                refusal(json -> ((ObjectNode) json.get("location")).put("elevation", 9001)));
        assertEquals("status: 'sensors' must be a JSON object", refusal(json -> json.putArray("sensors")));
        assertEquals("status: sensor id 'PM' must match [a-z0-9-]+ and be at most 64 characters",
                refusal(json -> ((ObjectNode) json.get("sensors")).set("PM", json.get("sensors").get("pm"))));
        assertEquals("status of sensor 'pm' must be a JSON object",
                refusal(json -> ((ObjectNode) json.get("sensors")).put("pm", "pms5003")));
        assertEquals("status of sensor 'pm': 'model' is missing",
                refusal(json -> ((ObjectNode) json.get("sensors").get("pm")).remove("model")));
        assertEquals("status of sensor 'pm': model 'pms 5003' must match [a-z0-9-]+ and be at most 64 characters",
                refusal(json -> ((ObjectNode) json.get("sensors").get("pm")).put("model", "pms 5003")));
        assertEquals("status of sensor 'pm': 'quantities' must be a JSON array",
                refusal(json -> ((ObjectNode) json.get("sensors").get("pm")).put("quantities", "pm2_5")));
        assertEquals("status of sensor 'pm': each quantity must be a name of at most 64 characters",
                refusal(json -> ((ArrayNode) json.get("sensors").get("pm").get("quantities")).add(25)));
        assertEquals("status of sensor 'pm': quantity 'pm2_5' is named twice",
                refusal(json -> ((ArrayNode) json.get("sensors").get("pm").get("quantities")).add("pm2_5")));
    }

    @Test
    void boundsHowMuchADescriptionMayHold() throws Exception {
        assertEquals("status: 65 sensors, more than 64", refusal(json -> {
            ObjectNode sensors = json.putObject("sensors");
            for (int i = 0; i < 65; i++) {
                sensors.putObject("s" + i).put("model", "m").putArray("quantities");
            }
        }));
        assertEquals("status of sensor 'pm': 65 quantities, more than 64", refusal(json -> {
            ArrayNode quantities = ((ObjectNode) json.get("sensors").get("pm")).putArray("quantities");
            for (int i = 0; i < 65; i++) {
                quantities.add("q" + i);
            }
        }));
    }

    private static String refusal(Consumer<ObjectNode> change) throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(ONLINE.toJson());
        change.accept(json);
        return assertThrows(JsonException.class, () -> GatewayStatus.receive(bytes(json))).getMessage();
    }

    private static byte[] bytes(JsonNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> names(JsonNode json) {
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
