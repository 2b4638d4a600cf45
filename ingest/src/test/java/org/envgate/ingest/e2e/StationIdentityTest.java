package org.envgate.ingest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.testing.Await;
import org.envgate.ingest.testing.EmbeddedBroker;
import org.envgate.ingest.testing.IngestConfigs;
import org.envgate.ingest.testing.QuestDbFixture;
import org.envgate.ingest.testing.TestClient;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.Location;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.envgate.wire.StationDescription;
import org.envgate.wire.StationDescription.SensorDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tags from the gateway's own status message: a real broker (Moquette) and a real store
 * (QuestDB, embedded), ingest with no {@code gateways:} section unless a test says otherwise.
 */
class StationIdentityTest {

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

    private static byte[] online(String gateway, String site) {
        return new GatewayStatus(GatewayStatus.ONLINE, gateway, "0.3.0", System.currentTimeMillis(),
                new StationDescription(site, Optional.of(new Location(16.07, 108.22, OptionalDouble.of(12))), List.of(
                        new SensorDescription("pm", "pms5003", List.of(Quantity.PM2_5, Quantity.PM10)),
                        new SensorDescription("air", "bme280", List.of(Quantity.TEMPERATURE)))))
                .toJson();
    }

    @Test
    void aGatewayWithASiteAndALocationGetsItsPointsTaggedWithoutAGatewaysSection() throws Exception {
        long start = System.currentTimeMillis() - 600_000;
        List<Reading> readings = Packs.rounds(3, start);
        try (Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "s-tag", "ingest-tag", null, store.url(), ""));
             TestClient gateway = new TestClient(broker.url())) {
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            gateway.publishRetained("s-tag/gw-tag/status", new String(online("gw-tag", "lien-chieu"), StandardCharsets.UTF_8));
            gateway.publish("s-tag/gw-tag/readings", SenmlCodec.encode("gw-tag", readings));

            assertEquals(List.of("pm pms5003 lien-chieu", "pm pms5003 lien-chieu", "pm pms5003 lien-chieu"),
                    tags("pm2_5", "gw-tag", 3));
            assertEquals(List.of("air bme280 lien-chieu", "air bme280 lien-chieu", "air bme280 lien-chieu"),
                    tags("temperature", "gw-tag", 3));
            assertEquals(List.of("water null lien-chieu", "water null lien-chieu", "water null lien-chieu"),
                    tags("ph", "gw-tag", 3), "a sensor the status does not name has no model");
            JsonNode status = store.awaitRows("select site, online, state, lat, lon, elevation from gateway_status"
                    + " where gateway = 'gw-tag'", r -> r.size() == 1, WAIT);
            assertEquals("[[\"lien-chieu\",1.0,\"online\",16.07,108.22,12.0]]", status.toString());
        }
    }

    @Test
    void readingsThatWaitedForAnIngestRestartGetTheTagsOfTheRetainedStatus() throws Exception {
        String config = "ingest-restart";
        try (TestClient gateway = new TestClient(broker.url())) {
            gateway.publishRetained("s-restart/gw-restart/status",
                    new String(online("gw-restart", "son-tra"), StandardCharsets.UTF_8));
            try (Ingest first = Ingest.start(IngestConfigs.external(broker.url(), "s-restart", config, null, store.url(), ""))) {
                Await.until(first::connected, WAIT, "the first ingest subscribes, so the broker keeps its session");
                store.awaitRows("select state from gateway_status where gateway = 'gw-restart'", r -> r.size() == 1, WAIT);
            }
            gateway.publish("s-restart/gw-restart/readings", SenmlCodec.encode("gw-restart",
                    Packs.rounds(2, System.currentTimeMillis() - 60_000)));

            try (Ingest second = Ingest.start(IngestConfigs.external(broker.url(), "s-restart", config, null, store.url(), ""))) {
                assertEquals(List.of("pm pms5003 son-tra", "pm pms5003 son-tra"), tags("pm2_5", "gw-restart", 2),
                        "the session's waiting readings come before the broker sends the retained status again");
            }
        }
    }

    @Test
    void theGatewaysSectionOverridesWhatTheStatusSays() throws Exception {
        String overrides = """
                gateways:
                  gw-over:
                    site: hai-chau
                    sensors:
                      air: bme680
                """;
        try (Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "s-over", "ingest-over", null, store.url(),
                overrides));
             TestClient gateway = new TestClient(broker.url())) {
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            gateway.publishRetained("s-over/gw-over/status", new String(online("gw-over", "lien-chieu"), StandardCharsets.UTF_8));
            gateway.publish("s-over/gw-over/readings", SenmlCodec.encode("gw-over",
                    Packs.rounds(1, System.currentTimeMillis() - 60_000)));

            assertEquals(List.of("pm pms5003 hai-chau"), tags("pm2_5", "gw-over", 1));
            assertEquals(List.of("air bme680 hai-chau"), tags("temperature", "gw-over", 1));
        }
    }

    /** Sensor, model and site of a gateway's points in a table, once it holds {@code count} of them. */
    private static List<String> tags(String table, String gateway, int count) throws Exception {
        JsonNode rows = store.awaitRows("select sensor, model, site from " + table + " where gateway = '" + gateway
                + "' order by timestamp", r -> r.size() == count, WAIT);
        List<String> text = new ArrayList<>();
        rows.forEach(row -> text.add(row.get(0).asText() + " " + row.get(1).asText() + " " + row.get(2).asText()));
        return text;
    }
}
