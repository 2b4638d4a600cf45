package org.envgate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class GatewayHealthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<GatewayHealth.SensorHealth> SENSORS = List.of(
            new GatewayHealth.SensorHealth("pm", "pms5003", "/dev/serial0", "ok", 2, ""),
            new GatewayHealth.SensorHealth("co2", "mhz19b", "/dev/ttyUSB0", "no_response", 5, "no answer within 1s"));

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
    }

    @Test
    void aClockNotTrustedGivesNoTimeAndSaysHowManyReadingsWait() throws Exception {
        JsonNode json = JSON.readTree(health(OptionalLong.empty(), "unsynchronized", 4210, 0).toJson());
        assertFalse(json.has("time"), json.toString());
        assertEquals("unsynchronized", json.get("clock").asText());
        assertEquals(4210, json.get("untimed").asLong());
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
