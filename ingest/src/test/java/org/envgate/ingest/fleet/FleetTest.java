package org.envgate.ingest.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.StationDescription;
import org.junit.jupiter.api.Test;

/** The fleet as the page shows it, fed with the wire's own messages. */
class FleetTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_780_000_000_000L;

    private final Fleet fleet = new Fleet();

    static GatewayStatus status(String gateway, String state, String site) {
        return new GatewayStatus(state, gateway, "0.1.0", NOW - 60_000,
                new StationDescription(site, Optional.empty(), List.of()));
    }

    static GatewayHealth health(String gateway, long backlog, double oldest, GatewayHealth.SensorHealth... sensors) {
        return new GatewayHealth(gateway, "0.1.0", OptionalLong.of(NOW), 3_600, backlog, oldest, 100, 0, 0, 4_096,
                1L << 30, "synchronized", 0, 0, List.of(sensors));
    }

    static GatewayHealth.SensorHealth sensor(String id, String state, String fault) {
        return new GatewayHealth.SensorHealth(id, "pms5003", "/dev/ttyAMA0", state, 0, fault, Optional.empty());
    }

    private JsonNode json() throws Exception {
        return JSON.readTree(fleet.json(NOW, Map.of("refresh_s", 10)));
    }

    @Test
    void offlineStationsComeFirstThenThoseWithFaultsAndTheVerdictNamesThem() throws Exception {
        fleet.status("gw-a", status("gw-a", "online", "lien-chieu"), NOW - 5_000);
        fleet.status("gw-b", status("gw-b", "online", "son-tra"), NOW - 5_000);
        fleet.health("gw-b", health("gw-b", 12, 42.5, sensor("pm", "no_response", "no answer in 2 s"),
                sensor("co2", "ok", "")), NOW - 3_000);
        fleet.status("gw-c", status("gw-c", "online", ""), NOW - 4_000);
        fleet.status("gw-c", status("gw-c", "offline", ""), NOW - 2_000);

        JsonNode json = json();
        assertEquals("bad", json.get("verdict").get("level").asText());
        assertEquals("1 of 3 stations offline: gw-c; 1 with sensors in fault: gw-b", json.get("verdict").get("text").asText());
        assertEquals(10, json.get("refresh_s").asInt());
        JsonNode stations = json.get("stations");
        assertEquals(List.of("gw-c", "gw-b", "gw-a"), ids(stations));
        JsonNode c = stations.get(0);
        assertEquals("offline", c.get("state").asText());
        assertEquals((NOW - 2_000) / 1000.0, c.get("state_since").asDouble());
        assertEquals(4.0, c.get("last_seen_age_s").asDouble(), "its Last Will is not a sign of life");
        assertFalse(c.has("backlog"), "no health report yet");
        JsonNode b = stations.get(1);
        assertEquals("son-tra", b.get("site").asText());
        assertEquals(12, b.get("backlog").asLong());
        assertEquals(42.5, b.get("oldest_unsent_age_s").asDouble());
        assertEquals(1, b.get("faults").size());
        assertEquals("pm", b.get("faults").get(0).get("sensor").asText());
        assertEquals("no_response", b.get("faults").get(0).get("state").asText());
        assertEquals("no answer in 2 s", b.get("faults").get(0).get("fault").asText());
    }

    @Test
    void allOnlineWithoutFaultsIsSaidPlainly() throws Exception {
        fleet.status("gw-a", status("gw-a", "online", ""), NOW);
        fleet.health("gw-a", health("gw-a", 0, 0, sensor("pm", "ok", ""), sensor("t", "warming_up", "")), NOW);
        fleet.status("gw-b", status("gw-b", "online", ""), NOW);
        JsonNode verdict = json().get("verdict");
        assertEquals("ok", verdict.get("level").asText());
        assertEquals("All 2 stations are online, no sensor in fault", verdict.get("text").asText());
    }

    @Test
    void keepsTheNewestValuePerSensorAndQuantity() throws Exception {
        fleet.readings("gw-a", List.of(new Reading("pm", Quantity.PM2_5, 12.5, NOW - 20_000),
                new Reading("pm", Quantity.PM10, 20, NOW - 20_000)), NOW - 19_000);
        fleet.readings("gw-a", List.of(new Reading("pm", Quantity.PM2_5, 14, NOW - 10_000)), NOW - 9_000);
        fleet.readings("gw-a", List.of(new Reading("pm", Quantity.PM2_5, 99, NOW - 30_000)), NOW - 8_000);
        JsonNode station = json().get("stations").get(0);
        assertEquals("unknown", station.get("state").asText(), "no status yet");
        JsonNode values = station.get("values");
        assertEquals(2, values.size(), values.toString());
        assertEquals("pm10", values.get(0).get("quantity").asText());
        assertEquals("pm2_5", values.get(1).get("quantity").asText());
        assertEquals(14, values.get(1).get("value").asDouble(), "a late older reading does not replace a newer one");
        assertEquals("ug/m3", values.get(1).get("unit").asText());
        assertEquals(10.0, values.get(1).get("age_s").asDouble());
        assertEquals(8.0, station.get("last_seen_age_s").asDouble());
    }

    @Test
    void hostileGatewayIdsAndSensorIdsCannotGrowItBeyondItsCaps() throws Exception {
        for (int i = 0; i < Fleet.MAX_STATIONS + 50; i++) {
            fleet.status("gw-" + i, status("gw-" + i, "online", ""), NOW);
        }
        List<Reading> many = new ArrayList<>();
        for (int i = 0; i < Fleet.MAX_VALUES + 10; i++) {
            many.add(new Reading("s" + i, Quantity.TEMPERATURE, 20, NOW));
        }
        fleet.readings("gw-0", many, NOW);
        JsonNode json = json();
        assertEquals(Fleet.MAX_STATIONS, json.get("stations").size());
        assertEquals(50, json.get("unlisted_messages").asLong());
        assertEquals(Fleet.MAX_VALUES, json.get("stations").get(0).get("values").size());
    }

    @Test
    void noStationYetIsSaid() throws Exception {
        assertEquals("No station has been heard from yet", json().get("verdict").get("text").asText());
    }

    private static List<String> ids(JsonNode stations) {
        List<String> ids = new ArrayList<>();
        stations.forEach(station -> ids.add(station.get("gateway").asText()));
        return ids;
    }
}
