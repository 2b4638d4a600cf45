package org.envgate.ingest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.envgate.common.testing.Mosquitto;
import org.envgate.common.testing.TcpProxy;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.testing.Await;
import org.envgate.ingest.testing.IngestConfigs;
import org.envgate.ingest.testing.TestClient;
import org.envgate.ingest.testing.VictoriaMetrics;
import org.envgate.wire.AggregateCodec;
import org.envgate.wire.AggregateWindow;
import org.envgate.wire.Aggregates;
import org.envgate.wire.IndexScale;
import org.envgate.wire.QcFlag;
import org.envgate.wire.QcTest;
import org.envgate.wire.Quality;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.envgate.wire.StationIndex;
import org.envgate.wire.WindowStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest between Debian's mosquitto and Debian's victoria-metrics, each its own process:
 * {@code mvn -B verify -Pinterop}. VictoriaMetrics names a series {@code <measurement>_<field>},
 * so readings of pm2_5 are the series {@code pm2_5_value}.
 */
@Tag("interop")
class IngestInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    static Mosquitto broker;
    static VictoriaMetrics store;

    @BeforeAll
    static void start() throws Exception {
        broker = new Mosquitto(dir);
        store = new VictoriaMetrics(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
        broker.close();
    }

    /** (gateway, sensor, quantity, time) of every sample of {@code gateways}' readings in the store. */
    private static List<String> storedIdentities(String gatewayPattern) throws Exception {
        List<String> identities = new ArrayList<>();
        for (VictoriaMetrics.Series series : store.export("{__name__=~\".+_value\",gateway=~\"" + gatewayPattern + "\"}")) {
            String name = series.labels().get("__name__").asText();
            String quantity = name.substring(0, name.length() - "_value".length());
            for (long t : series.timestamps()) {
                identities.add(series.labels().get("gateway").asText() + "/" + series.labels().get("sensor").asText()
                        + "/" + quantity + "@" + t);
            }
        }
        return identities;
    }

    private static Set<String> identities(String gateway, List<Reading> readings) {
        Set<String> set = new HashSet<>();
        for (Reading r : readings) {
            set.add(gateway + "/" + r.sensor() + "/" + r.quantity().id() + "@" + r.timeMillis());
        }
        return set;
    }

    @Test
    void packsLandInVictoriaMetricsWithTheirTagsAndTimes() throws Exception {
        List<Reading> readings = Packs.rounds(5, System.currentTimeMillis() - 60_000);
        String tags = """
                gateways:
                  gw-vm:
                    site: hoa-khanh
                    sensors:
                      pm: pms7003
                """;
        try (Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "i-land", "ingest-vm", null, store.url(),
                tags)); TestClient gateway = new TestClient(broker.url())) {
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            gateway.publish("i-land/gw-vm/readings", SenmlCodec.encode("gw-vm", readings));
            Await.until(() -> storedIdentities("gw-vm").size() == readings.size(), WAIT, "all readings stored");

            assertEquals(identities("gw-vm", readings), new HashSet<>(storedIdentities("gw-vm")));
            VictoriaMetrics.Series pm = store.export("pm2_5_value{gateway=\"gw-vm\"}").get(0);
            assertEquals("hoa-khanh", pm.labels().get("site").asText());
            assertEquals("pms7003", pm.labels().get("model").asText());
            assertEquals(List.of(10.0, 10.5, 11.0, 11.5, 12.0), pm.values());
        }
    }

    @Test
    void aReadingsFlagTestsAndRawValueBecomeSeriesBesideItsValue() throws Exception {
        long t = System.currentTimeMillis() - 60_000;
        List<Reading> readings = List.of(
                new Reading("pm", Quantity.PM10, 20, t),
                new Reading("pm", Quantity.PM10, 95, t + 10_000, new Quality(QcFlag.SUSPECT, Set.of(QcTest.SPIKE), Double.NaN)),
                new Reading("pm", Quantity.PM10, 21.4, t + 20_000,
                        new Quality(QcFlag.FAIL, Set.of(QcTest.FLAT_LINE, QcTest.CALIBRATION_AGE), 30)));
        try (Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "i-qc", "ingest-vm-qc", null, store.url(), ""));
             TestClient gateway = new TestClient(broker.url())) {
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            gateway.publish("i-qc/gw-vm-qc/readings", SenmlCodec.encode("gw-vm-qc", readings));
            Await.until(() -> store.export("pm10_value{gateway=\"gw-vm-qc\"}").stream()
                    .mapToInt(series -> series.values().size()).sum() == 3, WAIT, "all readings stored");

            assertEquals(List.of(3.0, 4.0), only(store.export("pm10_qc{gateway=\"gw-vm-qc\"}")).values());
            assertEquals(List.of(t + 10_000), only(store.export("pm10_qc_spike{gateway=\"gw-vm-qc\"}")).timestamps());
            assertEquals(List.of(t + 20_000), only(store.export("pm10_qc_flat_line{gateway=\"gw-vm-qc\"}")).timestamps());
            assertEquals(List.of(t + 20_000), only(store.export("pm10_qc_calibration_age{gateway=\"gw-vm-qc\"}")).timestamps());
            assertEquals(List.of(30.0), only(store.export("pm10_raw{gateway=\"gw-vm-qc\"}")).values());
        }
    }

    @Test
    void averagesAndIndexValuesBecomeSeriesAtTheirWindowStart() throws Exception {
        long hour = (System.currentTimeMillis() / 3_600_000 - 2) * 3_600_000;
        String tags = """
                gateways:
                  gw-vm-agg:
                    site: hoa-khanh
                    sensors:
                      pm: pms7003
                """;
        try (Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "i-agg", "ingest-vm-agg", null, store.url(),
                tags)); TestClient gateway = new TestClient(broker.url())) {
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            gateway.publish("i-agg/gw-vm-agg/aggregates", AggregateCodec.encode("gw-vm-agg", new Aggregates(
                    List.of(new WindowStats("pm", Quantity.PM2_5, AggregateWindow.HOUR, hour, 358, 23.4, 11, 61.5, 0.995)),
                    List.of(new StationIndex(IndexScale.VN, AggregateWindow.HOUR, hour, 73, 2, Quantity.PM2_5)))));
            Await.until(() -> store.samples("pm2_5_1h_cover{gateway=\"gw-vm-agg\"}") == 1
                    && store.samples("aqi_dominant_pm2_5{gateway=\"gw-vm-agg\"}") == 1, WAIT, "the window and the index stored");

            VictoriaMetrics.Series mean = only(store.export("pm2_5_1h_mean{gateway=\"gw-vm-agg\"}"));
            assertEquals("pms7003", mean.labels().get("model").asText());
            assertEquals("hoa-khanh", mean.labels().get("site").asText());
            assertEquals(List.of(hour), mean.timestamps());
            assertEquals(List.of(23.4), mean.values());
            assertEquals(List.of(358.0), only(store.export("pm2_5_1h_count{gateway=\"gw-vm-agg\"}")).values());
            VictoriaMetrics.Series index = only(store.export("aqi_value{gateway=\"gw-vm-agg\"}"));
            assertEquals("vn", index.labels().get("index").asText());
            assertEquals("1h", index.labels().get("window").asText());
            assertEquals(List.of(73.0), index.values());
            assertEquals(List.of(2.0), only(store.export("aqi_category{gateway=\"gw-vm-agg\"}")).values());
            assertEquals(List.of(hour), only(store.export("aqi_dominant_pm2_5{gateway=\"gw-vm-agg\"}")).timestamps());

            gateway.publish("i-agg/gw-vm-agg/aggregates", AggregateCodec.encode("gw-vm-agg", Aggregates.ofWindows(
                    List.of(new WindowStats("pm", Quantity.PM2_5, AggregateWindow.HOUR, hour, 359, 23.5, 10, 61.5, 0.997)))));
            Await.until(() -> only(store.export("pm2_5_1h_count{gateway=\"gw-vm-agg\"}")).values().equals(List.of(359.0)),
                    WAIT, "the window sent again is stored in place of the first");
            assertEquals(List.of(23.5), only(store.export("pm2_5_1h_mean{gateway=\"gw-vm-agg\"}")).values());
            assertEquals(List.of(10.0), only(store.export("pm2_5_1h_min{gateway=\"gw-vm-agg\"}")).values());
        }
    }

    private static VictoriaMetrics.Series only(List<VictoriaMetrics.Series> series) {
        assertEquals(1, series.size(), series.toString());
        return series.get(0);
    }

    @Test
    void aVictoriaMetricsOutageMidStreamLosesNothing() throws Exception {
        List<Reading> readings = Packs.rounds(60, System.currentTimeMillis() - 600_000);
        List<List<Reading>> packs = Packs.chunks(readings, 12);
        try (Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "i-outage", "ingest-vm-outage", null,
                store.url(), "")); TestClient gateway = new TestClient(broker.url())) {
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            for (List<Reading> pack : packs.subList(0, 10)) {
                gateway.publish("i-outage/gw-vm-outage/readings", SenmlCodec.encode("gw-vm-outage", pack));
            }
            Await.until(() -> ingest.counters().acknowledged() == 10, WAIT, "the first packs are stored");

            store.stop();
            for (List<Reading> pack : packs.subList(10, 20)) {
                gateway.publish("i-outage/gw-vm-outage/readings", SenmlCodec.encode("gw-vm-outage", pack));
            }
            Await.until(() -> ingest.counters().writeFailures() >= 2, WAIT, "writes fail while the store is down");
            assertEquals(10, ingest.counters().acknowledged(), "nothing is acknowledged while the store is down");
            store.start();

            Await.until(() -> ingest.counters().acknowledged() == 20, WAIT, "everything is acknowledged once stored");
            Await.until(() -> storedIdentities("gw-vm-outage").size() == readings.size(), WAIT, "all readings stored");
            assertEquals(identities("gw-vm-outage", readings), new HashSet<>(storedIdentities("gw-vm-outage")));
        }
    }

    @Test
    void redeliveryAfterAKilledIngestStoresNoDuplicates() throws Exception {
        List<Reading> readings = Packs.rounds(50, System.currentTimeMillis() - 900_000);
        List<List<Reading>> packs = Packs.chunks(readings, 20);
        Path config = dir.resolve("crash.yaml");
        try (TcpProxy network = new TcpProxy(broker.port()); TestClient gateway = new TestClient(broker.url())) {
            Files.writeString(config, """
                    mqtt:
                      url: %s
                      topic-prefix: i-crash
                      client-id: ingest-vm-crash
                    influx:
                      url: %s
                      token: unused
                      org: agency
                      bucket: envgate
                    """.formatted(network.url(), store.url()));
            Process first = startIngest(config, dir.resolve("crash-1.log"));
            Await.until(() -> Files.readString(dir.resolve("crash-1.log")).contains("subscribed at"), WAIT, "ingest subscribes");
            // It stores everything, but none of its acknowledgements reach the broker before it is killed.
            network.swallowClientBytes();
            for (List<Reading> pack : packs) {
                gateway.publish("i-crash/gw-vm-crash/readings", SenmlCodec.encode("gw-vm-crash", pack));
            }
            Await.until(() -> storedIdentities("gw-vm-crash").size() == readings.size(), WAIT, "the first instance stored all");
            first.destroyForcibly().waitFor();
            network.cut();

            try (Ingest second = Ingest.start(IngestConfigs.external(broker.url(), "i-crash", "ingest-vm-crash", null,
                    store.url(), ""))) {
                Await.until(() -> second.counters().acknowledged() == packs.size(), WAIT,
                        "the broker redelivers every unacknowledged pack to the restarted instance");
                assertEquals(packs.size(), second.counters().redelivered());
                assertEquals(readings.size(), second.counters().readings(), "which wrote them all again");
                List<String> stored = storedIdentities("gw-vm-crash");
                assertEquals(readings.size(), stored.size(), "and each reading is stored once");
                assertEquals(identities("gw-vm-crash", readings), new HashSet<>(stored));
            }
        }
    }

    @Test
    void twoInstancesInAShareGroupSplitTheWorkAndStoreEverythingOnce() throws Exception {
        int gateways = 8;
        int packsPerGateway = 25;
        long start = System.currentTimeMillis() - 1_800_000;
        Set<String> sent = new HashSet<>();
        try (Ingest a = Ingest.start(IngestConfigs.external(broker.url(), "i-share", "ingest-a", "ingest", store.url(), ""));
             Ingest b = Ingest.start(IngestConfigs.external(broker.url(), "i-share", "ingest-b", "ingest", store.url(), ""));
             TestClient fleet = new TestClient(broker.url())) {
            Await.until(() -> a.connected() && b.connected(), WAIT, "both instances subscribe");
            for (int p = 0; p < packsPerGateway; p++) {
                for (int g = 0; g < gateways; g++) {
                    String id = "gw-share-" + g;
                    List<Reading> pack = Packs.rounds(3, start + p * 3000L);
                    sent.addAll(identities(id, pack));
                    fleet.publish("i-share/" + id + "/readings", SenmlCodec.encode(id, pack));
                }
            }
            int total = gateways * packsPerGateway;
            Await.until(() -> a.counters().acknowledged() + b.counters().acknowledged() == total, WAIT, "all packs stored");

            assertTrue(a.counters().messages() > total / 4 && b.counters().messages() > total / 4,
                    "both take a share: " + a.counters().messages() + " and " + b.counters().messages());
            assertEquals(total, a.counters().messages() + b.counters().messages(), "each pack went to one of them");
            Await.until(() -> storedIdentities("gw-share-.*").size() == sent.size(), WAIT, "everything stored");
            List<String> stored = storedIdentities("gw-share-.*");
            assertEquals(sent, new HashSet<>(stored));
            assertEquals(sent.size(), stored.size(), "once");
        }
    }

    private static Process startIngest(Path config, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "org.envgate.ingest.Main", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
