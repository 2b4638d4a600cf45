package org.envgate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    @Test
    void topicsOfTheDesign() {
        Topics topics = new Topics("city/env", "dn-lienchieu-01");
        assertEquals("city/env/dn-lienchieu-01/readings", topics.readings());
        assertEquals("city/env/dn-lienchieu-01/status", topics.status());
        assertEquals("city/env/dn-lienchieu-01/health", topics.health());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/envgate", "envgate/", "env/+", "env/#"})
    void rejectsPrefixesThatWouldBreakTopics(String prefix) {
        assertThrows(IllegalArgumentException.class, () -> new Topics(prefix, "gw"));
    }

    @Test
    void quantityNamesAndUnitsOfTheDesign() {
        assertEquals(List.of("pm1_0", "pm2_5", "pm10", "co2", "temperature", "humidity", "pressure", "ph", "orp",
                "conductivity", "tds", "salinity", "dissolved_oxygen", "distance", "water_level", "rainfall", "flow",
                "pm1_0_cf1", "pm2_5_cf1", "pm10_cf1", "formaldehyde"),
                Arrays.stream(Quantity.values()).map(Quantity::id).toList());
        assertEquals("ug/m3", Quantity.PM2_5.unit());
        assertEquals("ppm", Quantity.CO2.unit());
        assertEquals("Cel", Quantity.TEMPERATURE.unit());
        assertEquals("%RH", Quantity.HUMIDITY.unit());
        assertEquals("hPa", Quantity.PRESSURE.unit());
        assertEquals("pH", Quantity.PH.unit());
        assertEquals("mV", Quantity.ORP.unit());
        assertEquals("mm", Quantity.RAINFALL.unit());
        assertEquals(Quantity.DISSOLVED_OXYGEN, Quantity.byId("dissolved_oxygen").orElseThrow());
    }

    @Test
    void statusRoundTrips() throws Exception {
        GatewayStatus online = new GatewayStatus(GatewayStatus.ONLINE, "gw", "1.0", 1_795_877_531_630L);
        assertEquals(online, GatewayStatus.fromJson(online.toJson()));
    }

    @Test
    void statusReadsItsDeclaredKeysAndCountsTheRest() throws Exception {
        byte[] json = ("{\"state\":\"online\",\"gateway\":\"gw\",\"site\":\"s\",\"location\":{\"lat\":16.07,\"lon\":108.22},"
                + "\"sensors\":{},\"mood\":1,\"extra\":[]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        StationDescription station = new StationDescription("s",
                java.util.Optional.of(new Location(16.07, 108.22, java.util.OptionalDouble.empty())), java.util.List.of());
        assertEquals(new GatewayStatus.Received(new GatewayStatus("online", "gw", "", 0, station), 2),
                GatewayStatus.receive(json));
        assertEquals("status: 'version' must be a string", assertThrows(JsonException.class,
                () -> GatewayStatus.receive("{\"state\":\"online\",\"version\":1}".getBytes())).getMessage());
        assertEquals("status: 'time' must be epoch seconds within +-1e11", assertThrows(
                JsonException.class, () -> GatewayStatus.receive("{\"state\":\"online\",\"time\":1e300}".getBytes())).getMessage());
    }

    @Test
    void everyQuantityHasAPlausibleRangeWithBothEndsIncluded() {
        for (Quantity quantity : Quantity.values()) {
            assertTrue(quantity.min() < quantity.max(), quantity.id());
            assertTrue(quantity.isPlausible(quantity.min()) && quantity.isPlausible(quantity.max()), quantity.id());
            assertFalse(quantity.isPlausible(Math.nextDown(quantity.min())), quantity.id());
            assertFalse(quantity.isPlausible(Math.nextUp(quantity.max())), quantity.id());
            assertFalse(quantity.isPlausible(Double.NaN), quantity.id());
        }
        assertEquals("0..20000 ug/m3", Quantity.PM2_5.plausibleRange());
        assertEquals("-60..150 Cel", Quantity.TEMPERATURE.plausibleRange());
        assertEquals("0..14 pH", Quantity.PH.plausibleRange());
        assertFalse(Quantity.PM2_5.isPlausible(65_341));
        assertFalse(Quantity.PM2_5.isPlausible(-1));
    }
}
