package org.envgate.ingest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.envgate.common.testing.Exposition;
import org.envgate.common.testing.Promtool;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.decode.RejectReason;
import org.envgate.ingest.testing.Await;
import org.envgate.ingest.testing.EmbeddedBroker;
import org.envgate.ingest.testing.IngestConfigs;
import org.envgate.ingest.testing.QuestDbFixture;
import org.envgate.ingest.testing.TestClient;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.QcFlag;
import org.envgate.wire.QcTest;
import org.envgate.wire.Quality;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.envgate.wire.StationDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest's metrics after known traffic through the real pipeline: a broker (Moquette), the
 * store (QuestDB, embedded), statuses, readings and messages of every kind of rejection.
 */
class IngestMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

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

    private static String status(String state, String gateway) {
        return new String(new GatewayStatus(state, gateway, "0.3.0", System.currentTimeMillis(), StationDescription.NONE)
                .toJson(), StandardCharsets.UTF_8);
    }

    /** Sends what {@link #theMetricsCountWhatCameWhatWasStoredAndWhatWasRejected} counts; returns the messages sent. */
    private static int traffic(TestClient gateway, String prefix, long start) throws Exception {
        gateway.publish(prefix + "/gw-a/status", status(GatewayStatus.ONLINE, "gw-a"));
        gateway.publish(prefix + "/gw-b/status", status(GatewayStatus.ONLINE, "gw-b"));
        gateway.publish(prefix + "/gw-b/status", status(GatewayStatus.OFFLINE, "gw-b"));
        List<Reading> readings = new ArrayList<>(Packs.rounds(5, start));
        gateway.publish(prefix + "/gw-a/readings", SenmlCodec.encode("gw-a", readings));
        gateway.publish(prefix + "/gw-a/readings", SenmlCodec.encode("gw-a", List.of(new Reading("pm", Quantity.PM2_5,
                480, start + 10_000, new Quality(QcFlag.SUSPECT, Set.of(QcTest.SPIKE), Double.NaN)))));
        gateway.publish(prefix + "/GW-A/readings", SenmlCodec.encode("GW-A", readings));
        gateway.publish(prefix + "/gw-a/readings", "[{\"bn\":");
        gateway.publish(prefix + "/gw-a/readings", SenmlCodec.encode("gw-a",
                List.of(new Reading("pm", Quantity.PM2_5, -500, start))));
        gateway.publish(prefix + "/gw-a/readings", SenmlCodec.encode("gw-a",
                List.of(new Reading("pm", Quantity.PM2_5, 10, start - Duration.ofDays(400).toMillis()))));
        return 9;
    }

    @Test
    void theMetricsCountWhatCameWhatWasStoredAndWhatWasRejected() throws Exception {
        long start = System.currentTimeMillis() - 600_000;
        try (Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "s-met", "ingest-met", null, store.url(), ""));
             TestClient gateway = new TestClient(broker.url())) {
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            int sent = traffic(gateway, "s-met", start);
            Await.until(() -> ingest.counters().acknowledged() == sent && ingest.counters().deadLettered() == 4, WAIT,
                    "every message acknowledged and four dead letters published");
            long rows = 0;
            for (String table : new String[] {"pm2_5", "pm10", "temperature", "ph"}) {
                rows += store.awaitRows("select count() from " + table + " where gateway = 'gw-a'",
                        r -> r.size() == 1 && r.get(0).get(0).asLong() > 0, WAIT).get(0).get(0).asLong();
            }

            Map<String, Double> metrics = Exposition.samples(ingest.metrics());
            assertEquals(21, rows, "the readings in the store");
            assertEquals((double) rows, metrics.get("envgate_ingest_readings_stored_total"), "stored is what the store holds");
            assertEquals(21.0, metrics.get("envgate_ingest_readings_received_total"));
            assertEquals(20.0, metrics.get("envgate_ingest_readings_stored_qc_total{flag=\"pass\"}"));
            assertEquals(1.0, metrics.get("envgate_ingest_readings_stored_qc_total{flag=\"suspect\"}"));
            assertEquals(0.0, metrics.get("envgate_ingest_readings_stored_qc_total{flag=\"fail\"}"));
            assertEquals(24.0, metrics.get("envgate_ingest_points_stored_total"), "21 readings and 3 statuses");
            assertEquals((double) sent, metrics.get("envgate_ingest_messages_received_total"));
            assertEquals((double) sent, metrics.get("envgate_ingest_messages_acknowledged_total"));
            assertEquals(0.0, metrics.get("envgate_ingest_messages_redelivered_total"));
            for (RejectReason reason : RejectReason.values()) {
                double expected = Set.of(RejectReason.TOPIC, RejectReason.MALFORMED, RejectReason.OUT_OF_RANGE,
                        RejectReason.TIME_WINDOW).contains(reason) ? 1 : 0;
                assertEquals(expected, metrics.get("envgate_ingest_messages_rejected_total{reason=\"" + reason.label()
                        + "\"}"), reason.label());
            }
            assertEquals(4.0, metrics.get("envgate_ingest_dead_letters_published_total"));
            assertEquals(0.0, metrics.get("envgate_ingest_dead_letters_dropped_total"));
            assertEquals(0.0, metrics.get("envgate_ingest_store_retries_total"));
            double writes = metrics.get("envgate_ingest_store_write_seconds_count");
            assertTrue(writes >= 1, "at least one write");
            assertEquals(writes, metrics.get("envgate_ingest_store_write_seconds_bucket{le=\"+Inf\"}"));
            assertTrue(metrics.get("envgate_ingest_store_write_seconds_sum") > 0);
            assertEquals(1.0, metrics.get("envgate_ingest_gateways_online"), "gw-a online, gw-b went offline");
            assertEquals(1.0, metrics.get("envgate_ingest_broker_connected"));
            assertTrue(metrics.get("envgate_ingest_uptime_seconds") >= 0);
        }
    }

    @Test
    @Tag("interop")
    void promtoolFindsNoProblemInTheMetrics() throws Exception {
        try (Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "s-lint", "ingest-lint", null, store.url(), ""));
             TestClient gateway = new TestClient(broker.url())) {
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            int sent = traffic(gateway, "s-lint", System.currentTimeMillis() - 600_000);
            Await.until(() -> ingest.counters().acknowledged() == sent, WAIT, "every message acknowledged");
            Promtool.Result lint = Promtool.checkMetrics(ingest.metrics());
            assertEquals(new Promtool.Result(0, ""), lint, new String(ingest.metrics(), StandardCharsets.UTF_8));
        }
    }
}
