package org.envgate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class GatewayHealthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<GatewayHealth.SensorHealth> SENSORS = List.of(
            new GatewayHealth.SensorHealth("pm", "pms5003", "/dev/serial0", "ok", 2, "",
                    Optional.of(new QcCounts(8630, 6, 44, 1))),
            new GatewayHealth.SensorHealth("co2", "mhz19b", "/dev/ttyUSB0", "no_response", 5, "no answer within 1s",
                    Optional.of(new QcCounts(0, 0, 0, 0))));

    private static GatewayHealth health(OptionalLong time, String clock, long untimed, long jumps) {
        return new GatewayHealth("dn-lienchieu-01", "0.1.0", time, 86400, 12, 3.5, 25920, 40, 7, 16384, 8564870758L,
                clock, untimed, jumps, SENSORS);
    }

    @Test
    void everyFieldUnderItsPublishedName() throws Exception {
        JsonNode json = JSON.readTree(health(OptionalLong.of(1795880799245L), "synchronized", 0, 1).toJson());
        assertEquals(List.of("gateway", "version", "time", "uptime_s", "backlog", "oldest_unsent_age_s", "sent", "resent", "dropped",
                "storage_used_bytes", "disk_free_bytes", "clock", "untimed", "clock_jumps", "sensors"), fieldNames(json));
        assertEquals("1795880799.245", json.get("time").decimalValue().toPlainString());
        assertEquals(86400, json.get("uptime_s").asLong());
        assertEquals(12, json.get("backlog").asLong());
        assertEquals(3.5, json.get("oldest_unsent_age_s").asDouble());
        assertEquals(25920, json.get("sent").asLong());
        assertEquals(40, json.get("resent").asLong());
        assertEquals(7, json.get("dropped").asLong());
        assertEquals(8564870758L, json.get("disk_free_bytes").asLong());
        assertEquals("synchronized", json.get("clock").asText());
        assertEquals(0, json.get("untimed").asLong());
        assertEquals(1, json.get("clock_jumps").asLong());
        assertEquals("ok", json.path("sensors").path("pm").path("state").asText());
        assertFalse(json.path("sensors").path("pm").has("fault"), "no fault, no field");
        assertEquals("no answer within 1s", json.path("sensors").path("co2").path("fault").asText());
        assertEquals(List.of("model", "port", "state", "faults", "qc_pass", "qc_not_evaluated", "qc_suspect", "qc_fail"),
                fieldNames(json.path("sensors").path("pm")));
        assertEquals(8630, json.path("sensors").path("pm").path("qc_pass").asLong());
        assertEquals(6, json.path("sensors").path("pm").path("qc_not_evaluated").asLong());
        assertEquals(44, json.path("sensors").path("pm").path("qc_suspect").asLong());
        assertEquals(1, json.path("sensors").path("pm").path("qc_fail").asLong());
    }

    @Test
    void aReportFromAGatewayWithoutQualityControlHasNoQcCounts() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(health(OptionalLong.empty(), "unknown", 0, 0).toJson());
        for (String field : List.of("qc_pass", "qc_not_evaluated", "qc_suspect", "qc_fail")) {
            ((ObjectNode) json.get("sensors").get("pm")).remove(field);
        }

        GatewayHealth received = GatewayHealth.fromJson(json.toString().getBytes(StandardCharsets.UTF_8));

        assertEquals(Optional.empty(), received.sensors().get(0).qc());
        assertEquals(Optional.of(new QcCounts(0, 0, 0, 0)), received.sensors().get(1).qc());
    }

    @Test
    void aClockNotTrustedGivesNoTimeAndSaysHowManyReadingsWait() throws Exception {
        JsonNode json = JSON.readTree(health(OptionalLong.empty(), "unsynchronized", 4210, 0).toJson());
        assertFalse(json.has("time"), json.toString());
        assertEquals("unsynchronized", json.get("clock").asText());
        assertEquals(4210, json.get("untimed").asLong());
    }

    @Test
    void readsBackWhatItWritesAndCountsKeysItDoesNotDeclare() throws Exception {
        GatewayHealth health = health(OptionalLong.of(1795880799245L), "synchronized", 0, 1);
        assertEquals(new GatewayHealth.Received(health, 0), GatewayHealth.receive(health.toJson()));

        ObjectNode json = (ObjectNode) JSON.readTree(health.toJson());
        json.put("load", 0.5);
        json.putObject("nested").put("a", 1);
        ((ObjectNode) json.get("sensors").get("pm")).put("errors", 3);
        GatewayHealth.Received received = GatewayHealth.receive(json.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(health, received.health());
        assertEquals(3, received.unknownKeys());
    }

    @Test
    void aFaultLongerThanAReceiverTakesIsCutSoTheReportStillArrives() throws Exception {
        GatewayHealth health = new GatewayHealth("gw", "0.1.0", OptionalLong.empty(), 1, 0, 0, 0, 0, 0, 0, 0, "unknown", 0, 0,
                List.of(new GatewayHealth.SensorHealth("pm", "pms5003", "/dev/serial0", "port_fault", 1, "x".repeat(255) + "\ud83d\ude00",
                        Optional.empty())));

        GatewayHealth received = GatewayHealth.fromJson(health.toJson());

        assertEquals("x".repeat(255), received.sensors().get(0).fault());
    }

    @Test
    void refusesWhatIsNotTheDeclaredShape() throws Exception {
        GatewayHealth health = health(OptionalLong.empty(), "unknown", 0, 0);
        assertEquals("health: 'clock' must be a string",
                refusal(health, json -> json.put("clock", 1)));
        assertEquals("health: 'oldest_unsent_age_s' must be a finite number, 0 or more",
                refusal(health, json -> json.put("oldest_unsent_age_s", -1)));
        assertEquals("health: 'uptime_s' must be a whole number, 0 or more",
                refusal(health, json -> json.put("uptime_s", 1.5)));
        assertEquals("health: 'uptime_s' must be a whole number, 0 or more",
                refusal(health, json -> json.put("uptime_s", new java.math.BigDecimal("1e20"))));
        assertEquals("health: 'version' is longer than 256 characters",
                refusal(health, json -> json.put("version", "v".repeat(257))));
        assertEquals("health: 'sensors' must be a JSON object",
                refusal(health, json -> json.putArray("sensors")));
        assertEquals("health of sensor 'pm' must be a JSON object",
                refusal(health, json -> ((ObjectNode) json.get("sensors")).put("pm", 1)));
        assertEquals("health: sensor id '" + "s".repeat(64) + "...' must match [a-z0-9-]+ and be at most 64 characters",
                refusal(health, json -> ((ObjectNode) json.get("sensors")).set("s".repeat(65), json.get("sensors").get("pm"))));
        assertEquals("health of sensor 'pm': 'qc_suspect' must be a whole number, 0 or more",
                refusal(health, json -> ((ObjectNode) json.get("sensors").get("pm")).put("qc_suspect", -1)));
        assertEquals("health of sensor 'pm': 'qc_fail' must be a whole number, 0 or more",
                refusal(health, json -> ((ObjectNode) json.get("sensors").get("pm")).put("qc_fail", 2.5)));
        assertEquals("health of sensor 'pm': 'qc_pass' must be a whole number, 0 or more",
                refusal(health, json -> ((ObjectNode) json.get("sensors").get("pm")).put("qc_pass", new java.math.BigDecimal("1e20"))));
        assertEquals("health of sensor 'pm': 'qc_not_evaluated' is missing",
                refusal(health, json -> ((ObjectNode) json.get("sensors").get("pm")).remove("qc_not_evaluated")));
        assertEquals("health: 'time' must be epoch seconds within +-1e11",
                refusal(health, json -> json.put("time", new java.math.BigDecimal("-1e70"))));
        assertEquals("health: not valid JSON: data after the end of the JSON value at character 2",
                assertThrows(JsonException.class, () -> GatewayHealth.receive("{}{}".getBytes(StandardCharsets.UTF_8)))
                        .getMessage());
    }

    private static String refusal(GatewayHealth health, java.util.function.Consumer<ObjectNode> change) throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(health.toJson());
        change.accept(json);
        return assertThrows(JsonException.class,
                () -> GatewayHealth.receive(json.toString().getBytes(StandardCharsets.UTF_8))).getMessage();
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
