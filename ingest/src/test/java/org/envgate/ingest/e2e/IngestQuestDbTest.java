package org.envgate.ingest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.envgate.common.testing.TcpProxy;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.decode.PackDecoder;
import org.envgate.ingest.testing.Await;
import org.envgate.ingest.testing.BadPacks;
import org.envgate.ingest.testing.EmbeddedBroker;
import org.envgate.ingest.testing.IngestConfigs;
import org.envgate.ingest.testing.QuestDbFixture;
import org.envgate.ingest.testing.TestClient;
import org.envgate.wire.AggregateCodec;
import org.envgate.wire.AlertEvent;
import org.envgate.wire.AggregateWindow;
import org.envgate.wire.Aggregates;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.IndexScale;
import org.envgate.wire.QcCounts;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest between a real broker (Moquette, in-process) and a real store (QuestDB, embedded),
 * rows read back through QuestDB's SQL endpoint. Each test uses its own gateway ids.
 */
class IngestQuestDbTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Quantity> SENT = List.of(Quantity.PM2_5, Quantity.PM10, Quantity.TEMPERATURE, Quantity.PH);

    @TempDir
    static Path dir;

    static EmbeddedBroker broker;
    static QuestDbFixture store;

    @BeforeAll
    static void start() throws IOException {
        broker = EmbeddedBroker.start(0);
        store = new QuestDbFixture(dir.resolve("questdb"));
    }

    @AfterAll
    static void stop() {
        store.close();
        broker.close();
    }

    @Test
    void packsFromTheGatewaysCodecLandWithTheirTagsAndTimes() throws Exception {
        long start = (System.currentTimeMillis() / 1000 - 600) * 1000 + 123;
        List<Reading> readings = Packs.rounds(6, start);
        String tags = """
                gateways:
                  gw-land:
                    site: lien-chieu
                    sensors:
                      pm: pms5003
                """;
        try (Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "t-land", "ingest-land", null, store.url(), tags));
             TestClient gateway = new TestClient(broker.url())) {
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            gateway.publish("t-land/gw-land/readings", SenmlCodec.encode("gw-land", readings.subList(0, 12)));
            gateway.publish("t-land/gw-land/readings", SenmlCodec.encode("gw-land", readings.subList(12, 24)));
            gateway.publishRetained("t-land/gw-land/status",
                    "{\"state\":\"online\",\"gateway\":\"gw-land\",\"version\":\"0.1.0\",\"time\":" + start / 1000 + "}");
            gateway.publish("t-land/gw-land/health", health("gw-land", start, 42).toJson());

            JsonNode rows = store.awaitRows("select gateway, sensor, model, site, value, timestamp from pm2_5"
                    + " where gateway = 'gw-land' order by timestamp", r -> r.size() == 6, WAIT);
            List<String> expected = new ArrayList<>();
            for (Reading r : readings) {
                if (r.quantity() == Quantity.PM2_5) {
                    expected.add("gw-land pm pms5003 lien-chieu " + r.value() + " " + r.timeMillis());
                }
            }
            assertEquals(expected, rowsAsText(rows));
            JsonNode ph = store.awaitRows("select gateway, sensor, model, site, value, timestamp from ph"
                    + " where gateway = 'gw-land' order by timestamp", r -> r.size() == 6, WAIT);
            assertEquals("gw-land water null lien-chieu 7.05 " + (start + 5000), rowsAsText(ph).get(5),
                    "a sensor without a configured model has no model tag");
            assertEquals(24, storedReadings("gw-land"));

            JsonNode status = store.awaitRows("select online, state, version from gateway_status where gateway = 'gw-land'",
                    r -> r.size() == 1, WAIT);
            assertEquals("[[1.0,\"online\",\"0.1.0\"]]", status.toString());
            JsonNode health = store.awaitRows("select backlog, uptime_s, clock from gateway_health where gateway = 'gw-land'",
                    r -> r.size() == 1, WAIT);
            assertEquals("[[42.0,3600.0,\"synchronized\"]]", health.toString());
            JsonNode sensorHealth = store.awaitRows("select sensor, site, model, state, faults, qc_pass, qc_not_evaluated,"
                    + " qc_suspect, qc_fail from sensor_health where gateway = 'gw-land'", r -> r.size() == 1, WAIT);
            assertEquals("[[\"pm\",\"lien-chieu\",\"pms5003\",\"ok\",2.0,350.0,6.0,3.0,1.0]]", sensorHealth.toString());
            assertEquals(0, ingest.counters().rejected());
        }
    }

    @Test
    void aReadingsQualityLandsInItsOwnColumnsBesideTheValue() throws Exception {
        long t = System.currentTimeMillis() - 120_000;
        List<Reading> readings = List.of(
                new Reading("pm", Quantity.PM10, 20, t),
                new Reading("pm", Quantity.PM10, 95, t + 10_000, new Quality(QcFlag.SUSPECT, Set.of(QcTest.SPIKE), Double.NaN)),
                new Reading("pm", Quantity.PM10, 21.4, t + 20_000, new Quality(QcFlag.PASS, Set.of(), 30)),
                new Reading("pm", Quantity.PM10, 21.4, t + 30_000,
                        new Quality(QcFlag.FAIL, Set.of(QcTest.FLAT_LINE, QcTest.CALIBRATION_AGE), 30)),
                new Reading("pm", Quantity.PM10, 22, t + 40_000, new Quality(QcFlag.NOT_EVALUATED, Set.of(QcTest.WARM_UP), Double.NaN)));
        try (Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "t-qc", "ingest-qc", null, store.url(), ""));
             TestClient gateway = new TestClient(broker.url())) {
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            gateway.publish("t-qc/gw-qc/readings", SenmlCodec.encode("gw-qc", readings));

            JsonNode rows = store.awaitRows("select value, qc, qc_tests, raw, qc_spike, qc_flat_line, qc_calibration_age,"
                    + " qc_warm_up from pm10 where gateway = 'gw-qc' order by timestamp", r -> r.size() == 5, WAIT);
            assertEquals(List.of(
                    "20.0 null null null null null null null",
                    "95.0 3 spike null 1 null null null",
                    "21.4 null null 30.0 null null null null",
                    "21.4 4 flat_line,calibration_age 30.0 null 1 1 null",
                    "22.0 2 warm_up null null null null 1"), cells(rows));
            assertEquals(new QcCounts(2, 1, 1, 1), ingest.counters().readingsByFlag());
        }
    }

    @Test
    void averagesAndIndexValuesLandAtTheirWindowStartAndAWindowSentAgainReplacesIt() throws Exception {
        long hour = (System.currentTimeMillis() / 3_600_000 - 2) * 3_600_000;
        WindowStats first = new WindowStats("pm", Quantity.PM2_5, AggregateWindow.HOUR, hour, 358, 23.4, 11, 61.5, 0.995);
        WindowStats late = new WindowStats("pm", Quantity.PM2_5, AggregateWindow.HOUR, hour, 359, 23.5, 10, 61.5, 0.997);
        StationIndex index = new StationIndex(IndexScale.VN, AggregateWindow.HOUR, hour, 73, 2, Quantity.PM2_5);
        StationIndex corrected = new StationIndex(IndexScale.VN, AggregateWindow.HOUR, hour, 101, 3, Quantity.PM10);
        String tags = """
                gateways:
                  gw-agg:
                    site: lien-chieu
                    sensors:
                      pm: pms5003
                """;
        try (Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "t-agg", "ingest-agg", null, store.url(), tags));
             TestClient gateway = new TestClient(broker.url())) {
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            gateway.publish("t-agg/gw-agg/aggregates", AggregateCodec.encode("gw-agg", new Aggregates(List.of(first,
                    new WindowStats("pm", Quantity.PM10, AggregateWindow.DAY, hour - 86_400_000, 0, Double.NaN, Double.NaN,
                            Double.NaN, 0)), List.of(index))));

            String windowQuery = "select gateway, sensor, model, site, mean, min, max, count, cover,"
                    + " cast(timestamp as long) from pm2_5_1h where gateway = 'gw-agg'";
            assertEquals(List.of("gw-agg pm pms5003 lien-chieu 23.4 11.0 61.5 358 0.995 " + hour * 1000),
                    cells(store.awaitRows(windowQuery, r -> r.size() == 1, WAIT)));
            assertEquals(List.of("pm null null null 0 0.0"), cells(store.awaitRows("select sensor, mean, min, max, count, cover"
                    + " from pm10_24h where gateway = 'gw-agg'", r -> r.size() == 1, WAIT)));
            String indexQuery = "select site, \"index\", \"window\", value, category, dominant, dominant_pm2_5,"
                    + " dominant_pm10, cast(timestamp as long) from aqi where gateway = 'gw-agg'";
            assertEquals(List.of("lien-chieu vn 1h 73 2 pm2_5 1 null " + hour * 1000),
                    cells(store.awaitRows(indexQuery, r -> r.size() == 1, WAIT)));

            gateway.publish("t-agg/gw-agg/aggregates", AggregateCodec.encode("gw-agg",
                    new Aggregates(List.of(late), List.of(corrected))));

            assertEquals(List.of("gw-agg pm pms5003 lien-chieu 23.5 10.0 61.5 359 0.997 " + hour * 1000),
                    cells(store.awaitRows(windowQuery, r -> r.size() == 1 && r.get(0).get(7).asLong() == 359, WAIT)));
            assertEquals(List.of("lien-chieu vn 1h 101 3 pm10 null 1 " + hour * 1000),
                    cells(store.awaitRows(indexQuery, r -> r.size() == 1 && r.get(0).get(3).asLong() == 101, WAIT)));
            assertEquals(0, ingest.counters().rejected());
        }
    }

    @Test
    void alertEventsLandAtTheirTimeAndAnEventDeliveredTwiceAddsNoRow() throws Exception {
        long raisedAt = System.currentTimeMillis() - 600_000;
        AlertEvent raised = new AlertEvent("flood", true, raisedAt, AlertEvent.Severity.CRITICAL, "level/water_level",
                2.61, 2.5);
        AlertEvent cleared = new AlertEvent("flood", false, raisedAt + 300_000, AlertEvent.Severity.CRITICAL,
                "level/water_level", 2.2, 2.3);
        String tags = """
                gateways:
                  gw-alert:
                    site: cam-le
                """;
        try (Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "t-alert", "ingest-alert", null, store.url(),
                tags));
             TestClient gateway = new TestClient(broker.url())) {
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            gateway.publish("t-alert/gw-alert/alerts/flood", raised.toJson());
            gateway.publish("t-alert/gw-alert/alerts/flood", cleared.toJson());
            gateway.publish("t-alert/gw-alert/alerts/flood", cleared.toJson());
            String query = "select site, rule, severity, raised, value, threshold, cast(timestamp as long) from alert"
                    + " where gateway = 'gw-alert' order by timestamp";
            assertEquals(List.of("cam-le flood critical 1 2.61 2.5 " + raisedAt * 1000,
                            "cam-le flood critical 0 2.2 2.3 " + (raisedAt + 300_000) * 1000),
                    cells(store.awaitRows(query, r -> r.size() == 2, WAIT)));
            assertEquals(0, ingest.counters().rejected());
        }
    }

    @Test
    void aTableMadeBeforeReadingsCarriedQualityGetsItsColumnsAtStart() throws Exception {
        Path folder = dir.resolve("questdb-upgrade");
        try (QuestDbFixture old = new QuestDbFixture(folder)) {
            old.rows("drop table co2");
            old.rows("create table co2 (gateway SYMBOL, sensor SYMBOL, model SYMBOL, site SYMBOL, value DOUBLE,"
                    + " timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
            old.rows("drop table sensor_health");
            old.rows("create table sensor_health (gateway SYMBOL, sensor SYMBOL, site SYMBOL, model VARCHAR, port VARCHAR,"
                    + " state VARCHAR, faults DOUBLE, fault VARCHAR, timestamp TIMESTAMP) TIMESTAMP(timestamp)"
                    + " PARTITION BY MONTH WAL");
        }
        List<String> expected = List.of("value", "qc", "qc_tests", "raw", "qc_gross_range", "qc_flat_line",
                "qc_spike", "qc_rate_of_change", "qc_warm_up", "qc_calibration_age");
        try (QuestDbFixture upgraded = new QuestDbFixture(folder)) {
            // A WAL table applies ALTER TABLE after the statement returns.
            Await.until(() -> columns(upgraded, "co2").containsAll(expected), WAIT, "the co2 table has the columns " + expected);
            List<String> health = List.of("faults", "qc_pass", "qc_not_evaluated", "qc_suspect", "qc_fail");
            Await.until(() -> columns(upgraded, "sensor_health").containsAll(health), WAIT,
                    "the sensor_health table has the columns " + health);
        }
    }

    @Test
    void healthReportsWithKeysOfTheirOwnAddNoColumnAndTheKeysAreCounted() throws Exception {
        long start = System.currentTimeMillis() - 300_000;
        try (Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "t-keys", "ingest-keys", null, store.url(), ""));
             TestClient gateway = new TestClient(broker.url())) {
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            for (int i = 0; i < 200; i++) {
                ObjectNode json = (ObjectNode) JSON.readTree(health("gw-keys", start + i * 1000L, i).toJson());
                json.put("metric_" + i, i);
                ((ObjectNode) json.get("sensors").get("pm")).put("extra_" + i, "x".repeat(i));
                gateway.publish("t-keys/gw-keys/health", json.toString().getBytes(StandardCharsets.UTF_8));
            }

            store.awaitRows("select count() from gateway_health where gateway = 'gw-keys'",
                    r -> r.get(0).get(0).asLong() == 200, WAIT);
            store.awaitRows("select count() from sensor_health where gateway = 'gw-keys'",
                    r -> r.get(0).get(0).asLong() == 200, WAIT);
            assertEquals(400, ingest.counters().unknownKeys());
            assertEquals(0, ingest.counters().rejected());
            assertEquals(List.of("gateway", "site", "version", "uptime_s", "backlog", "oldest_unsent_age_s", "sent", "resent",
                    "dropped", "storage_used_bytes", "disk_free_bytes", "clock", "clock_code", "untimed", "clock_jumps",
                    "timestamp"),
                    columns(PackDecoder.HEALTH_MEASUREMENT));
            assertEquals(List.of("gateway", "sensor", "site", "model", "port", "state", "state_code", "faults", "fault", "qc_pass",
                    "qc_not_evaluated", "qc_suspect", "qc_fail", "timestamp"),
                    columns(PackDecoder.SENSOR_HEALTH_MEASUREMENT));
        }
    }

    private static List<String> columns(String table) throws IOException {
        List<String> names = new ArrayList<>();
        store.rows("select \"column\" from table_columns('" + table + "')").forEach(row -> names.add(row.get(0).asText()));
        return names;
    }

    private static GatewayHealth health(String gateway, long timeMillis, long backlog) {
        return new GatewayHealth(gateway, "0.1.0", OptionalLong.of(timeMillis), 3600, backlog, 1.5, 100, 0, 0, 4096,
                1_000_000_000L, "synchronized", 0, 0,
                List.of(new GatewayHealth.SensorHealth("pm", "pms5003", "/dev/serial0", "ok", 2, "",
                        Optional.of(new QcCounts(350, 6, 3, 1)))));
    }

    @Test
    void everyKindOfBadPackGoesToTheDeadLetterTopicAndNothingOfItIsStored() throws Exception {
        List<BadPacks.Case> cases = BadPacks.all();
        long now = System.currentTimeMillis();
        try (Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "envgate", "ingest-bad", null, store.url(), ""));
             TestClient gateway = new TestClient(broker.url())) {
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            gateway.subscribe("envgate/_rejected/#");
            for (BadPacks.Case bad : cases) {
                gateway.publish(bad.topic(), bad.payloadAt(now));
            }
            byte[] tooLarge = SenmlCodec.encode("gw-bad", Packs.rounds(2000, now - 3_600_000));
            gateway.publish("envgate/gw-bad/readings", tooLarge);
            // Then a good pack: once it is stored, every message before it has been handled.
            List<Reading> good = Packs.rounds(1, now);
            gateway.publish("envgate/gw-bad/readings", SenmlCodec.encode("gw-bad", good));

            assertTrue(gateway.await(m -> m.size() >= cases.size() + 1, WAIT),
                    "dead letters: " + gateway.received().size() + " of " + (cases.size() + 1));
            store.awaitRows("select count() from pm2_5 where gateway = 'gw-bad'", r -> r.get(0).get(0).asLong() == 1, WAIT);

            List<TestClient.Message> letters = gateway.received();
            for (int i = 0; i < cases.size(); i++) {
                BadPacks.Case bad = cases.get(i);
                TestClient.Message letter = letters.get(i);
                JsonNode json = JSON.readTree(letter.payload());
                assertEquals("envgate/_rejected/" + bad.gatewayLevel(), letter.topic(), bad.name());
                assertEquals(bad.topic(), json.get("topic").asText(), bad.name());
                assertTrue(json.get("reason").asText().contains(bad.reason()), bad.name() + ": " + json.get("reason"));
                assertEquals(new String(bad.payloadAt(now)), json.get("payload").asText(), bad.name());
            }
            JsonNode last = JSON.readTree(letters.get(cases.size()).payload());
            assertTrue(last.get("reason").asText().contains("bytes exceeds packs.max-size"), last.toString());
            assertTrue(last.get("truncated").asBoolean());

            Thread.sleep(500);
            assertEquals(good.size(), storedReadings("gw-bad"), "only the good pack is stored");
            for (String gatewayLevel : List.of("gw-bad", "GW_Bad", "gw-other")) {
                assertEquals(0, store.count("select count() from " + PackDecoder.STATUS_MEASUREMENT
                        + " where gateway = '" + gatewayLevel + "'"));
                assertEquals(0, store.count("select count() from " + PackDecoder.HEALTH_MEASUREMENT
                        + " where gateway = '" + gatewayLevel + "'"));
            }
            assertEquals(0, storedReadings("GW_Bad") + storedReadings("gw-other"));
            assertEquals(cases.size() + 1, ingest.counters().rejected());
            Await.until(() -> ingest.counters().deadLettered() == cases.size() + 1, WAIT,
                    "the broker acknowledged every dead letter");
        }
    }

    @Test
    void aStoreOutageMidStreamLosesNothing() throws Exception {
        long start = System.currentTimeMillis() - 3_600_000;
        List<Reading> readings = Packs.rounds(40, start);
        try (TcpProxy network = new TcpProxy(store.port());
             Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "t-outage", "ingest-outage", null,
                     "http://127.0.0.1:" + network.port(), ""));
             TestClient gateway = new TestClient(broker.url())) {
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            List<List<Reading>> packs = Packs.chunks(readings, 8);
            for (List<Reading> pack : packs.subList(0, 10)) {
                gateway.publish("t-outage/gw-outage/readings", SenmlCodec.encode("gw-outage", pack));
            }
            awaitStored("gw-outage", 80);

            network.cut();
            for (List<Reading> pack : packs.subList(10, 20)) {
                gateway.publish("t-outage/gw-outage/readings", SenmlCodec.encode("gw-outage", pack));
            }
            Await.until(() -> ingest.counters().writeFailures() >= 3, WAIT, "the writes fail while the store is away");
            assertEquals(10, ingest.counters().acknowledged(), "nothing is acknowledged while the store is away");

            network.restore();
            awaitStored("gw-outage", 160);
            Await.until(() -> ingest.counters().acknowledged() == 20, WAIT, "every pack is acknowledged once stored");
            Thread.sleep(500);
            assertEquals(160, storedReadings("gw-outage"));
        }
    }

    @Test
    void redeliveryAfterACrashStoresNoDuplicates() throws Exception {
        long start = System.currentTimeMillis() - 7_200_000;
        List<List<Reading>> packs = Packs.chunks(Packs.rounds(30, start), 12);
        try (TcpProxy network = new TcpProxy(broker.port());
             TestClient gateway = new TestClient(broker.url())) {
            Ingest first = Ingest.start(IngestConfigs.external(network.url(), "t-crash", "ingest-crash", null, store.url(), ""));
            Await.until(first::connected, WAIT, "the first instance subscribes");
            // The first instance stores everything, but none of its acknowledgements reach the broker.
            network.swallowClientBytes();
            for (List<Reading> pack : packs) {
                gateway.publish("t-crash/gw-crash/readings", SenmlCodec.encode("gw-crash", pack));
            }
            awaitStored("gw-crash", 120);
            network.cut();
            first.close();
            assertEquals(packs.size(), first.counters().messages());

            try (Ingest second = Ingest.start(IngestConfigs.external(broker.url(), "t-crash", "ingest-crash", null, store.url(),
                    ""))) {
                Await.until(() -> second.counters().acknowledged() == packs.size(), WAIT,
                        "the broker redelivers every unacknowledged pack to the restarted instance");
                assertEquals(120, second.counters().readings(), "the restarted instance wrote them all again");
                Thread.sleep(1000);
                assertEquals(120, storedReadings("gw-crash"), "and each reading is stored once");
            }
        }
    }

    private static long storedReadings(String gateway) throws IOException {
        long total = 0;
        for (Quantity quantity : Quantity.values()) {
            total += store.count("select count() from " + quantity.id() + " where gateway = '" + gateway + "'");
        }
        return total;
    }

    private static void awaitStored(String gateway, long expected) throws Exception {
        Await.until(() -> {
            long n = 0;
            for (Quantity quantity : SENT) {
                n += store.count("select count() from " + quantity.id() + " where gateway = '" + gateway + "'");
            }
            return n >= expected;
        }, WAIT, expected + " readings of " + gateway + " stored");
    }

    private static List<String> columns(QuestDbFixture db, String table) throws IOException {
        List<String> names = new ArrayList<>();
        db.rows("select \"column\" from table_columns('" + table + "')").forEach(row -> names.add(row.get(0).asText()));
        return names;
    }

    /** Each row's cells as text, separated by spaces. */
    private static List<String> cells(JsonNode rows) {
        List<String> text = new ArrayList<>();
        for (JsonNode row : rows) {
            List<String> cells = new ArrayList<>();
            row.forEach(cell -> cells.add(cell.asText()));
            text.add(String.join(" ", cells));
        }
        return text;
    }

    private static List<String> rowsAsText(JsonNode rows) {
        List<String> text = new ArrayList<>();
        for (JsonNode row : rows) {
            text.add(row.get(0).asText() + " " + row.get(1).asText() + " " + row.get(2).asText() + " "
                    + row.get(3).asText() + " " + row.get(4).asDouble() + " "
                    + Instant.parse(row.get(5).asText()).toEpochMilli());
        }
        return text;
    }
}
