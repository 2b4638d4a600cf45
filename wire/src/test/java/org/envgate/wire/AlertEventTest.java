package org.envgate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertEventTest {

    private static final String RAISED = """
            {"rule":"flood","state":"raised","time":1795877531.630,"severity":"critical",\
            "source":"level/water_level","value":2.61,"threshold":2.5}""";

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheEventOfTheDesign() throws Exception {
        AlertEvent event = AlertEvent.fromJson(utf8(RAISED));
        assertEquals(new AlertEvent("flood", true, 1_795_877_531_630L, AlertEvent.Severity.CRITICAL,
                "level/water_level", 2.61, 2.5), event);
        assertEquals(event, AlertEvent.fromJson(event.toJson()));
        assertEquals("raised", event.state());
    }

    @Test
    void aClearedStationEventRoundTrips() throws Exception {
        AlertEvent event = new AlertEvent("dust", false, 1_795_877_600_000L, AlertEvent.Severity.WARNING,
                "_station/aqi_vn_1h", 140, 150);
        String json = new String(event.toJson(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"state\":\"cleared\""), json);
        assertTrue(json.contains("\"time\":1795877600.000"), json);
        assertEquals(event, AlertEvent.fromJson(event.toJson()));
    }

    @Test
    void aSourceMayBeAWindowsMean() throws Exception {
        AlertEvent event = new AlertEvent("dust-over-limit", true, 1_795_877_400_000L, AlertEvent.Severity.WARNING,
                "pm/pm2_5/mean_1h", 61.2, 50);
        assertEquals(event, AlertEvent.fromJson(event.toJson()));
        for (String bad : new String[] {"pm/pm2_5/max_1h", "pm/pm2_5/mean_7m", "pm/pm2_5/mean_1h/x", "pm/nothing/mean_1h",
            "pm/pm2_5/mean_", "PM/pm2_5/mean_1h"}) {
            assertTrue(!AlertEvent.isSource(bad), bad);
        }
        assertTrue(AlertEvent.isSource("pm/pm2_5/mean_24h"));
    }

    @Test
    void unknownKeysAreCountedAndIgnored() throws Exception {
        AlertEvent.Received received = AlertEvent.receive(utf8(RAISED.replace("}", ",\"note\":\"x\",\"n\":1}")));
        assertEquals(2, received.unknownKeys());
        assertEquals("flood", received.event().rule());
    }

    @Test
    void refusesWhatTheContractDoesNotAllow() {
        List<String> bad = List.of(
                RAISED.replace("\"flood\"", "\"Flood\""),
                RAISED.replace("\"flood\"", "\"" + "a".repeat(65) + "\""),
                RAISED.replace("\"raised\"", "\"up\""),
                RAISED.replace("\"critical\"", "\"high\""),
                RAISED.replace("level/water_level", "level/depth"),
                RAISED.replace("level/water_level", "_station/aqi_xx"),
                RAISED.replace("level/water_level", "water_level"),
                RAISED.replace("2.61", "\"2.61\""),
                RAISED.replace("2.61", "1e999"),
                RAISED.replace("1795877531.630", "1e12"),
                RAISED.replace(",\"threshold\":2.5", ""),
                RAISED.replace("\"time\":1795877531.630,", ""),
                RAISED.replace("\"rule\":\"flood\",", "\"rule\":\"flood\",\"rule\":\"flood\","),
                "[" + RAISED + "]",
                RAISED + RAISED);
        for (String json : bad) {
            assertThrows(JsonException.class, () -> AlertEvent.fromJson(utf8(json)), json);
        }
    }

    @Test
    void theTopicIsPerRule() {
        assertEquals("envgate/gw/alerts/flood", new Topics("envgate", "gw").alerts("flood"));
    }
}
