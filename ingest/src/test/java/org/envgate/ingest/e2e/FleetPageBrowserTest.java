package org.envgate.ingest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.common.testing.TcpProxy;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.config.IngestConfigLoader;
import org.envgate.ingest.testing.Chromedriver;
import org.envgate.ingest.testing.EmbeddedBroker;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.envgate.wire.StationDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet page as an operations room's browser (headless Chromium) shows it: two gateways
 * publish their status (with a Last Will), health and readings through a real broker into ingest
 * and its embedded QuestDB; the page lists both, draws a plot from the store, shows a gateway
 * offline soon after its connection drops, and at phone size keeps its verdict and summary above
 * the fold. The page polls every second ({@code http.refresh: 1s}), so nothing here waits long.
 */
class FleetPageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String PREFIX = "fleetpage";
    /** The bound: offline on the page within a minute of the Last Will. */
    private static final Duration OFFLINE_WITHIN = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @TempDir
    Path profile;

    /** A gateway's MQTT session as the gateway opens it: its Last Will is its retained offline status. */
    private static MqttClient gateway(String url, String id, String site) throws Exception {
        MqttClient client = new MqttClient(url, "envgate-" + id, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setKeepAliveInterval(60);
        StationDescription station = new StationDescription(site, Optional.empty(),
                List.of(new StationDescription.SensorDescription("pm", "pms5003", List.of(Quantity.PM2_5, Quantity.PM10))));
        options.setWill(PREFIX + "/" + id + "/status",
                new GatewayStatus(GatewayStatus.OFFLINE, id, "0.1.0", System.currentTimeMillis(), station).toJson(), 1, true);
        client.connect(options);
        client.publish(PREFIX + "/" + id + "/status",
                new GatewayStatus(GatewayStatus.ONLINE, id, "0.1.0", System.currentTimeMillis(), station).toJson(), 1, true);
        return client;
    }

    private static void publishDay(MqttClient client, String id, double level, String pmState) throws Exception {
        long now = System.currentTimeMillis();
        List<Reading> readings = new ArrayList<>();
        for (int minutes = 180; minutes >= 0; minutes -= 10) {
            readings.add(new Reading("pm", Quantity.PM2_5, level + minutes % 30, now - minutes * 60_000L));
            readings.add(new Reading("pm", Quantity.PM10, 2 * level, now - minutes * 60_000L));
        }
        client.publish(PREFIX + "/" + id + "/readings", SenmlCodec.encode(id, readings), 1, false);
        GatewayHealth health = new GatewayHealth(id, "0.1.0", OptionalLong.of(now), 3_600, 42, 17.5, 500, 0, 0,
                1 << 20, 1L << 30, "synchronized", 0, 0, List.of(new GatewayHealth.SensorHealth("pm", "pms5003",
                        "/dev/ttyAMA0", pmState, pmState.equals("ok") ? 0 : 3, pmState.equals("ok") ? "" : "no answer in 2 s",
                        Optional.empty())));
        client.publish(PREFIX + "/" + id + "/health", health.toJson(), 1, false);
    }

    /** Polls a script in the page until it returns true; how long it took. */
    private static Duration await(Chromedriver browser, String script, Duration timeout, String what) throws Exception {
        long start = System.nanoTime();
        long end = start + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (browser.run(script).asBoolean()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + " within " + timeout + "; page: " + browser.run(
                "return document.body.innerText").asText());
    }

    @Test
    void listsTwoGatewaysDrawsAPlotShowsOneOfflineAfterItsLastWillAndFitsAPhone() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(Chromedriver.DRIVER),
                "Debian's chromium and chromium-driver are not installed");
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             TcpProxy toBroker = new TcpProxy(Integer.parseInt(broker.url().substring(broker.url().lastIndexOf(':') + 1)));
             Ingest ingest = Ingest.start(new IngestConfigLoader().parse("fleet-test.yaml", """
                     mqtt:
                       url: %s
                       topic-prefix: %s
                       client-id: fleet-ingest
                     embedded:
                       path: %s
                       listen: 127.0.0.1:0
                     http:
                       listen: 127.0.0.1:0
                       refresh: 1s
                     """.formatted(broker.url(), PREFIX, dir.resolve("questdb"))))) {
            for (int i = 0; i < 100 && !ingest.connected(); i++) {
                Thread.sleep(100);
            }
            MqttClient lienChieu = gateway(broker.url(), "gw-lienchieu", "lien-chieu");
            MqttClient sonTra = gateway(toBroker.url(), "gw-sontra", "son-tra");
            publishDay(lienChieu, "gw-lienchieu", 12, "ok");
            publishDay(sonTra, "gw-sontra", 30, "no_response");
            URI page = URI.create("http://127.0.0.1:" + ingest.fleetPageAddress().orElseThrow().getPort() + "/");
            Path target = Path.of("target");
            try (Chromedriver browser = Chromedriver.start(CHROMIUM, profile, target.resolve("fleet-chromedriver.log"))) {
                browser.open(page);
                await(browser, "return document.querySelectorAll('#stations [data-gateway]').length === 2"
                        + " && document.querySelectorAll('#stations .value').length === 4", Duration.ofSeconds(30),
                        "both gateways with their latest values");
                JsonNode cards = browser.run("return Array.from(document.querySelectorAll('#stations [data-gateway]'))"
                        + ".map(c => c.dataset.gateway + ' ' + c.dataset.state + ' ' + c.className)");
                assertEquals("gw-sontra online card fault", cards.get(0).asText(), "the one with a sensor in fault first");
                assertEquals("gw-lienchieu online card good", cards.get(1).asText());
                String sonTraText = browser.run("return document.querySelector('[data-gateway=gw-sontra]').innerText").asText();
                assertTrue(sonTraText.contains("son-tra") && sonTraText.contains("42 readings, oldest 18 s")
                        && sonTraText.contains("pm: no response (no answer in 2 s)"), sonTraText);
                assertEquals("1 of 2 stations with sensors in fault: gw-sontra",
                        browser.run("return document.getElementById('verdict').textContent").asText());

                await(browser, "const plot = document.getElementById('plot');"
                        + " return plot.querySelector('canvas') !== null && Number(plot.dataset.points) > 0",
                        Duration.ofSeconds(30), "a plot drawn from the store");
                JsonNode drawn = browser.run("const plot = document.getElementById('plot'); const c = plot.querySelector('canvas');"
                        + " return [Number(plot.dataset.points), c.width, c.height, document.getElementById('plot-note').textContent]");
                assertTrue(drawn.get(0).asInt() >= 10, "points of the last three hours: " + drawn);
                assertTrue(drawn.get(1).asInt() > 200 && drawn.get(2).asInt() > 100, "a canvas of a useful size: " + drawn);

                toBroker.cut();
                Duration took = await(browser, "const card = document.querySelector('[data-gateway=gw-sontra]');"
                        + " return card !== null && card.dataset.state === 'offline'", OFFLINE_WITHIN,
                        "gw-sontra offline on the page after its connection dropped");
                assertTrue(took.compareTo(OFFLINE_WITHIN) < 0);
                assertEquals("1 of 2 stations offline: gw-sontra; 1 with sensors in fault: gw-sontra",
                        browser.run("return document.getElementById('verdict').textContent").asText());

                browser.phone(390, 844);
                browser.open(page);
                await(browser, "return !document.getElementById('verdict').hidden", Duration.ofSeconds(10), "the verdict");
                JsonNode boxes = browser.run("const box = id => document.getElementById(id).getBoundingClientRect();"
                        + " return [box('verdict').top, box('summary').bottom, window.innerHeight, window.innerWidth,"
                        + " document.documentElement.scrollWidth]");
                browser.screenshot(target.resolve("fleet-page-phone.png"));
                assertEquals(844, boxes.get(2).asInt(), "a phone's viewport: " + boxes);
                assertTrue(boxes.get(0).asDouble() >= 0 && boxes.get(1).asDouble() <= boxes.get(2).asDouble(),
                        "verdict and summary above the fold: " + boxes);
                assertTrue(boxes.get(4).asInt() <= boxes.get(3).asInt(), "nothing wider than the phone: " + boxes);
            }
            lienChieu.disconnect();
            lienChieu.close();
            sonTra.close();
        }
    }
}
