package org.envgate.ingest.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.envgate.common.http.PageConfig;
import org.envgate.common.http.PageServer;
import org.envgate.ingest.config.FleetPageSettings;
import org.envgate.ingest.config.InfluxSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet page over real HTTP: its API, its files and the server's rules. */
class FleetPageTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final Fleet fleet = new Fleet();

    private FleetPage start(Optional<Path> passwordFile) {
        long now = System.currentTimeMillis();
        fleet.status("gw-a", FleetTest.status("gw-a", "online", "lien-chieu"), now);
        fleet.status("gw-b", FleetTest.status("gw-b", "offline", "son-tra"), now);
        FleetPageSettings settings = new FleetPageSettings(new PageConfig("127.0.0.1", 0, passwordFile,
                Optional.empty(), Optional.empty(), 3), Duration.ofSeconds(2), FleetPageSettings.SeriesStore.NONE);
        return FleetPage.start(settings, "ingest.yaml", fleet, Optional.empty(), () -> new byte[0],
                PageServer.Limits.DEFAULT, System::nanoTime).orElseThrow();
    }

    private static URI uri(FleetPage page, String path) {
        return URI.create("http://127.0.0.1:" + page.address().getPort() + path);
    }

    private static HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void apiFleetListsTheStationsOfflineFirstWithTheVerdictAndThePagesRefresh() throws Exception {
        try (FleetPage page = start(Optional.empty())) {
            HttpResponse<String> response = get(uri(page, "/api/fleet"), null);
            assertEquals(200, response.statusCode());
            assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
            assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
            JsonNode fleetJson = JSON.readTree(response.body());
            assertEquals("1 of 2 stations offline: gw-b", fleetJson.get("verdict").get("text").asText());
            assertEquals("gw-b", fleetJson.get("stations").get(0).get("gateway").asText());
            assertEquals("offline", fleetJson.get("stations").get(0).get("state").asText());
            assertEquals("son-tra", fleetJson.get("stations").get(0).get("site").asText());
            assertEquals(2.0, fleetJson.get("refresh_s").asDouble());
            assertEquals("none", fleetJson.get("series").asText());
        }
    }

    @Test
    void servesItsPageScriptStyleAndTheVendoredPlotLibraryUnderAStrictPolicy() throws Exception {
        try (FleetPage page = start(Optional.empty())) {
            HttpResponse<String> index = get(uri(page, "/"), null);
            assertEquals(200, index.statusCode());
            assertEquals("text/html; charset=utf-8", index.headers().firstValue("Content-Type").orElse(""));
            assertEquals(PageServer.CSP, index.headers().firstValue("Content-Security-Policy").orElse(""));
            assertTrue(index.body().contains("<script src=\"uplot/uPlot.iife.min.js\" defer></script>"), index.body());
            assertFalse(index.body().contains("http://") || index.body().contains("https://"), "nothing from elsewhere");
            assertFalse(index.body().contains("<style") || index.body().contains("style=")
                    || index.body().contains("onclick"), "no inline script or style: the policy would block it");
            HttpResponse<String> script = get(uri(page, "/fleet.js"), null);
            assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("Content-Type").orElse(""));
            assertFalse(script.body().contains("innerHTML"), "data goes in as text, never as HTML");
            HttpResponse<String> uplot = get(uri(page, "/uplot/uPlot.iife.min.js"), null);
            assertTrue(uplot.body().startsWith("/*! https://github.com/leeoniya/uPlot (v1.6.32) */"));
            assertEquals("text/css; charset=utf-8", get(uri(page, "/uplot/uPlot.min.css"), null).headers()
                    .firstValue("Content-Type").orElse(""));
            assertEquals(200, get(uri(page, "/fleet.css"), null).statusCode());
            assertEquals(404, get(uri(page, "/uplot/LICENSE"), null).statusCode());
            assertEquals(404, get(uri(page, "/api/status"), null).statusCode());
        }
    }

    @Test
    void apiSeriesTakesOnlyAGatewayIdAndAKnownQuantity() throws Exception {
        try (FleetPage page = start(Optional.empty())) {
            HttpResponse<String> badGateway = get(uri(page, "/api/series?gateway=gw-a%27%3Bdrop&quantity=pm2_5"), null);
            assertEquals(400, badGateway.statusCode());
            assertTrue(badGateway.body().startsWith("gateway must be a gateway id"), badGateway.body());
            assertEquals(400, get(uri(page, "/api/series?gateway=gw-a&quantity=pm2_5%20from"), null).statusCode());
            assertEquals(400, get(uri(page, "/api/series?quantity=pm2_5"), null).statusCode());
            HttpResponse<String> none = get(uri(page, "/api/series?gateway=gw-a&quantity=pm2_5"), null);
            assertEquals(404, none.statusCode());
            assertEquals("plots are not available for this store (http.series: none)\n", none.body());
        }
    }

    @Test
    void withSeriesInfluxdbThePlotAsksTheConfiguredInfluxDbAndAStoreThatDoesNotAnswerIs502() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        FleetPageSettings settings = new FleetPageSettings(new PageConfig("127.0.0.1", 0, Optional.empty(),
                Optional.empty(), Optional.empty(), 3), Duration.ofSeconds(2), FleetPageSettings.SeriesStore.INFLUXDB);
        InfluxSettings store = new InfluxSettings("http://127.0.0.1:" + port, "s3cret", "agency", "envgate", false,
                1_000, Duration.ofSeconds(2), true);
        try (FleetPage page = FleetPage.start(settings, "ingest.yaml", fleet, store, () -> new byte[0]).orElseThrow()) {
            assertEquals("influxdb", JSON.readTree(get(uri(page, "/api/fleet"), null).body()).get("series").asText());
            HttpResponse<String> plot = get(uri(page, "/api/series?gateway=gw-a&quantity=pm2_5"), null);
            assertEquals(502, plot.statusCode());
            assertTrue(plot.body().startsWith("the store did not answer the plot's query: cannot reach InfluxDB: "),
                    plot.body());
            assertFalse(plot.body().contains("s3cret"), plot.body());
        }
    }

    @Test
    void answersOnlyGetAndHead() throws Exception {
        try (FleetPage page = start(Optional.empty())) {
            for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(page, "/api/fleet"))
                        .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(405, response.statusCode(), method);
                assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""), method);
            }
            HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(uri(page, "/api/fleet"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
        }
    }

    @Test
    void aPasswordFileAsksForThePasswordWithAnyUserName() throws Exception {
        Path password = Files.writeString(dir.resolve("fleet-password"), "ops-room\n");
        try (FleetPage page = start(Optional.of(password))) {
            HttpResponse<String> without = get(uri(page, "/api/fleet"), null);
            assertEquals(401, without.statusCode());
            assertTrue(without.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm=\"envgate\""));
            assertFalse(without.body().contains("gw-a"));
            assertEquals(401, get(uri(page, "/"), basic("ops", "wrong")).statusCode());
            HttpResponse<String> with = get(uri(page, "/api/fleet"), basic("ops", "ops-room"));
            assertEquals(200, with.statusCode());
            assertTrue(with.body().contains("\"gw-a\""), with.body());
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
