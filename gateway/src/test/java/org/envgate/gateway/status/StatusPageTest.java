package org.envgate.gateway.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import org.envgate.gateway.poll.SensorState;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status page over real HTTP, served by a gateway reading simulated sensors. */
class StatusPageTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path storage;

    /**
     * The report is written with jackson-core's generator; jackson-databind's tree wrote it before
     * ({@link DatabindStatusReport}). The two are made one after the other from a running station,
     * so times and ages differ: every digit is masked, which keeps each number's form (decimals,
     * exponent) and everything else compared. A station that changed in between (a sensor's state,
     * a new value) is asked again.
     */
    private static void assertAsTheDatabindTreeWroteIt(PageStation station) {
        String expected = "";
        String actual = "";
        for (int attempt = 0; attempt < 20 && (attempt == 0 || !expected.equals(actual)); attempt++) {
            expected = masked(DatabindStatusReport.json(station.gateway));
            actual = masked(StatusReport.json(station.gateway));
        }
        assertEquals(expected, actual);
    }

    private static String masked(byte[] json) {
        return new String(json, StandardCharsets.UTF_8).replaceAll("[0-9]", "d");
    }

    private static HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void apiStatusCarriesTheNewestIndexWithItsColourAndTheNewestHourlyMeans() throws Exception {
        try (PageStation station = PageStation.start(storage,
                "status-page: {listen: 127.0.0.1:0}\naqi: {indexes: [vn], pm2_5: pm}\naggregates: {time-zone: UTC}\n")) {
            long hour = System.currentTimeMillis() / 3_600_000 * 3_600_000;
            List<Reading> past = new ArrayList<>();
            for (int h = 3; h >= 1; h--) {
                past.add(new Reading("pm", Quantity.PM2_5, 20, hour - h * 3_600_000L + 1_800_000));
            }
            station.gateway.buffer().append(past);
            station.gateway.aggregator().run(hour + 3_000);
            String body = get(station.pageUrl().resolve("api/status"), null).body();
            assertAsTheDatabindTreeWroteIt(station);
            JsonNode status = new ObjectMapper().readTree(body);

            JsonNode index = status.get("aqi").get(0);
            assertEquals("vn", index.get("index").asText(), status.get("aqi").toString());
            assertEquals("1h", index.get("window").asText());
            assertEquals(40, index.get("value").asInt(), "NowCast 20 ug/m3");
            assertEquals(1, index.get("category").asInt());
            assertEquals("#00e400", index.get("colour").asText());
            assertEquals("Good", index.get("name").asText());
            assertEquals("pm2_5", index.get("dominant").asText());
            JsonNode mean = status.get("hourly_means").get(0);
            assertEquals("pm", mean.get("sensor").asText(), status.get("hourly_means").toString());
            assertEquals("pm2_5", mean.get("quantity").asText());
            assertEquals(20, mean.get("mean").asDouble());
            assertEquals((hour - 3_600_000) / 1000.0, mean.get("time").asDouble());
        }
    }

    @Test
    void apiStatusListsTheRaisedAlertsWithTheirValueThresholdAndTime() throws Exception {
        try (PageStation station = PageStation.start(storage, "status-page: {listen: 127.0.0.1:0}\n" + PageStation.ALERTS)) {
            PageStation.await(() -> station.gateway.alerts().isRaised("co2-present"), () -> "co2-present raised");
            long raisedBy = System.currentTimeMillis();
            String body = get(station.pageUrl().resolve("api/status"), null).body();
            assertAsTheDatabindTreeWroteIt(station);
            JsonNode status = JSON.readTree(body);
            JsonNode alerts = status.get("alerts");
            assertEquals(1, alerts.size(), alerts.toString());
            JsonNode alert = alerts.get(0);
            assertEquals("co2-present", alert.get("rule").asText());
            assertEquals("critical", alert.get("severity").asText());
            assertEquals("co2/co2", alert.get("source").asText());
            assertEquals("value", alert.get("measure").asText());
            assertTrue(alert.get("value").asDouble() > 0, alert.toString());
            assertEquals(alert.get("value").asText(), alert.get("value_text").asText());
            assertEquals(0, alert.get("threshold").asInt());
            assertEquals("ppm", alert.get("unit").asText());
            assertTrue(alert.get("since").asDouble() * 1000 <= raisedBy, alert.toString());
            assertTrue(alert.get("since_age_s").asDouble() >= 0, alert.toString());
        }
    }

    @Test
    void apiStatusReportsTheGatewayItsUplinkAndEverySensorsLatestValues() throws Exception {
        try (PageStation station = PageStation.start(storage, "status-page: {listen: 127.0.0.1:0}\n")) {
            station.awaitAllReporting();
            HttpResponse<String> response = get(station.pageUrl().resolve("api/status"), null);

            assertEquals(200, response.statusCode());
            assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
            assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertAsTheDatabindTreeWroteIt(station);
            JsonNode status = JSON.readTree(response.body());
            assertEquals(PageStation.GATEWAY_ID, status.get("gateway").asText());
            assertEquals("test-bench", status.get("site").asText());
            assertTrue(status.get("uptime_s").asLong() >= 0);
            assertTrue(Set.of("synchronized", "unsynchronized", "unknown").contains(status.get("clock").asText()));

            JsonNode uplink = status.get("uplink");
            assertEquals("online", uplink.get("state").asText(), uplink.toString());
            assertTrue(uplink.get("broker").asText().startsWith("tcp://127.0.0.1:"), uplink.toString());
            assertTrue(uplink.get("last_delivery").asDouble() > 1.7e9, uplink.toString());
            assertTrue(uplink.get("sent").asLong() > 0, uplink.toString());
            assertEquals(0, uplink.get("dropped").asLong());
            assertTrue(uplink.has("backlog") && uplink.has("oldest_unsent_age_s"), uplink.toString());
            JsonNode storageNode = status.get("storage");
            assertTrue(storageNode.get("used_bytes").asLong() > 0, storageNode.toString());
            assertTrue(storageNode.get("free_bytes").asLong() > 0, storageNode.toString());
            assertEquals(2L << 30, storageNode.get("max_bytes").asLong());

            JsonNode sensors = status.get("sensors");
            assertEquals(2, sensors.size());
            JsonNode pm = sensors.get(0);
            assertEquals("pm", pm.get("id").asText());
            assertEquals("pms5003", pm.get("model").asText());
            assertEquals("ok", pm.get("state").asText());
            assertEquals("", pm.get("fault").asText());
            Set<String> quantities = new HashSet<>();
            for (JsonNode value : pm.get("values")) {
                quantities.add(value.get("quantity").asText());
                assertEquals("ug/m3", value.get("unit").asText());
                assertTrue(value.get("value").isNumber() && value.get("text").isTextual(), value.toString());
                assertTrue(value.get("time").asDouble() > 1.7e9, value.toString());
                assertTrue(value.get("age_s").asDouble() >= 0 && value.get("age_s").asDouble() < 30, value.toString());
            }
            assertEquals(Set.of("pm1_0", "pm2_5", "pm10", "pm1_0_cf1", "pm2_5_cf1", "pm10_cf1"), quantities);
            JsonNode co2 = sensors.get(1);
            assertEquals("co2", co2.get("id").asText());
            assertEquals("co2", co2.get("values").get(0).get("quantity").asText());
            assertEquals("ppm", co2.get("values").get(0).get("unit").asText());
            double co2Value = co2.get("values").get(0).get("value").asDouble();
            assertEquals(station.gateway.checked().latest("co2").get(0).value(), co2Value, 5000,
                    "a value the gateway really read");
        }
    }

    @Test
    void apiStatusShowsEachValueAsQualityControlCheckedItUnderTheNamesOfSenml() throws Exception {
        try (PageStation station = PageStation.start(storage, PageStation.DUST, "status-page: {listen: 127.0.0.1:0}\n")) {
            station.checkedDust(System.currentTimeMillis());
            String body = get(station.pageUrl().resolve("api/status"), null).body();
            assertAsTheDatabindTreeWroteIt(station);

            JsonNode dust = JSON.readTree(body).get("sensors").get(2);
            assertEquals("dust", dust.get("id").asText());
            JsonNode values = dust.get("values");
            assertEquals(4, values.size(), values.toString());
            assertEquals("pm1_0 9 9 3 flat_line -", describe(values.get(0)));
            assertEquals("pm2_5 12.35 12.35 1 - 14", describe(values.get(1)));
            assertEquals("pm10 1200 1200 4 gross_range 990", describe(values.get(2)));
            assertEquals("pm2_5_cf1 14 14 2 warm_up,calibration_age -", describe(values.get(3)));
            assertTrue(body.contains("{\"quantity\":\"pm10\",\"value\":1200,\"text\":\"1200\""), "as resolved, no .0: " + body);
            assertTrue(body.contains("\"raw\":990,\"raw_text\":\"990\""), body);
            assertFalse(body.contains("E-") || body.contains("E+"), "no exponent: " + body);
        }
    }

    /** Quantity, value, text, qc, qt (or -), raw (or -). */
    private static String describe(JsonNode value) {
        return value.get("quantity").asText() + " " + value.get("value").decimalValue().toPlainString() + " "
                + value.get("text").asText() + " " + value.get("qc").asInt() + " "
                + (value.get("qt").asText().isEmpty() ? "-" : value.get("qt").asText()) + " "
                + (value.has("raw") ? value.get("raw").decimalValue().toPlainString() : "-");
    }

    @Test
    void servesThePageItsScriptAndStyleWithAStrictPolicyAndNothingElse() throws Exception {
        try (PageStation station = PageStation.start(storage, "status-page: {listen: 127.0.0.1:0}\n")) {
            HttpResponse<String> page = get(station.pageUrl(), null);
            assertEquals(200, page.statusCode());
            assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(""));
            assertEquals(StatusPage.CSP, page.headers().firstValue("Content-Security-Policy").orElse(""));
            assertTrue(page.body().contains("<script src=\"status.js\" defer></script>"), page.body());
            assertFalse(page.body().contains("onclick") || page.body().contains("<style") || page.body().contains("style="),
                    "no inline script or style: the policy would block it");

            HttpResponse<String> script = get(station.pageUrl().resolve("status.js"), null);
            assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("Content-Type").orElse(""));
            assertFalse(script.body().contains("innerHTML"), "data goes in as text, never as HTML");
            HttpResponse<String> style = get(station.pageUrl().resolve("status.css"), null);
            assertEquals("text/css; charset=utf-8", style.headers().firstValue("Content-Type").orElse(""));

            assertEquals(404, get(station.pageUrl().resolve("etc/passwd"), null).statusCode());
            assertEquals(404, get(station.pageUrl().resolve("api/status/more"), null).statusCode());
        }
    }

    @Test
    void answersOnlyGetAndHead() throws Exception {
        try (PageStation station = PageStation.start(storage, "status-page: {listen: 127.0.0.1:0}\n")) {
            for (String method : new String[] {"POST", "PUT", "DELETE"}) {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(station.pageUrl().resolve("api/status"))
                        .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(405, response.statusCode(), method);
                assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""), method);
            }
            HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(station.pageUrl())
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
        }
    }

    @Test
    void aPasswordFileAsksForThePasswordWithAnyUserName() throws Exception {
        Path password = Files.writeString(storage.resolve("status-password"), "s3cret:with colon\nignored\n");
        try (PageStation station = PageStation.start(storage, "status-page:\n  listen: 127.0.0.1:0\n  password-file: "
                + password + "\n")) {
            URI api = station.pageUrl().resolve("api/status");
            HttpResponse<String> without = get(api, null);
            assertEquals(401, without.statusCode());
            assertTrue(without.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm=\"envgate\""));
            assertFalse(without.body().contains(PageStation.GATEWAY_ID));
            assertEquals(401, get(api, basic("technician", "wrong")).statusCode());
            assertEquals(401, get(api, basic("technician", "s3cret")).statusCode());
            assertEquals(401, get(api, "Basic not-base64!").statusCode());
            assertEquals(401, get(station.pageUrl(), null).statusCode());

            HttpResponse<String> with = get(api, basic("technician", "s3cret:with colon"));
            assertEquals(200, with.statusCode());
            assertEquals(PageStation.GATEWAY_ID, JSON.readTree(with.body()).get("gateway").asText());
            assertEquals(200, get(station.pageUrl(), basic("", "s3cret:with colon")).statusCode());
        }
    }

    @Test
    void noStatusPageSectionMeansNoPage() throws Exception {
        try (PageStation station = PageStation.start(storage, "")) {
            assertTrue(station.gateway.statusPageAddress().isEmpty());
        }
    }

    @Test
    void aPortInUseLeavesTheGatewayCollectingWithoutItsPage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             PageStation station = PageStation.start(storage,
                     "status-page: {listen: 127.0.0.1:" + taken.getLocalPort() + "}\n")) {
            assertTrue(station.gateway.statusPageAddress().isEmpty());
            PageStation.await(() -> station.sensor("pm").state() == SensorState.OK
                    && station.gateway.uplink().sent() > 0, () -> "still reads and delivers: " + station.gateway.sensors());
        }
    }
}
