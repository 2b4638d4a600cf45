package org.envgate.ingest.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.envgate.common.config.ConfigException;
import org.envgate.common.testing.Mosquitto;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.config.IngestConfig;
import org.envgate.ingest.testing.Await;
import org.envgate.ingest.testing.EmbeddedBroker;
import org.envgate.ingest.testing.IngestConfigs;
import org.envgate.ingest.testing.QuestDbFixture;
import org.envgate.ingest.testing.TestClient;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of rejected messages, more than the pipeline holds at once: their dead letters must not
 * stop ingest from reading further messages (and the acknowledgements of its own dead letters).
 */
class DeadLetterBurstTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int BURST = 2_000;

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

    private static IngestConfig config(String brokerUrl) throws ConfigException {
        return IngestConfigs.external(brokerUrl, "burst", "ingest-burst", null, store.url(), "");
    }

    /** Moquette sends at most 10 unacknowledged messages at a time, so this is the flow at its pace. */
    @Test
    void aBurstThroughMoquette() throws Exception {
        burst(broker.url(), "gw-moquette");
    }

    /**
     * Mosquitto with no in-flight limit sends the whole backlog at once: more than the pipeline
     * holds, so the receive thread waits, and with it the acknowledgements of ingest's own dead letters.
     */
    @Test
    @Tag("interop")
    void aBurstThroughMosquittoWithoutAnInFlightLimit() throws Exception {
        try (Mosquitto mosquitto = new Mosquitto(dir, "allow_anonymous true\nmax_inflight_messages 0\n")) {
            burst(mosquitto.url(), "gw-mosquitto");
        }
    }

    private static void burst(String brokerUrl, String gatewayId) throws Exception {
        Random random = new Random(11);
        long now = System.currentTimeMillis();
        try (TestClient gateway = new TestClient(brokerUrl)) {
            // The session exists, so the broker holds the burst until ingest is back and then sends it at once.
            try (Ingest first = Ingest.start(config(brokerUrl))) {
                Await.until(first::connected, WAIT, "ingest subscribes");
            }
            for (int i = 0; i < BURST; i++) {
                byte[] garbage = new byte[50 + random.nextInt(200)];
                random.nextBytes(garbage);
                gateway.publish("burst/" + gatewayId + "/readings", garbage);
            }
            List<Reading> good = Packs.rounds(1, now);
            gateway.publish("burst/" + gatewayId + "/readings", SenmlCodec.encode(gatewayId, good));
        }
        try (Ingest ingest = Ingest.start(config(brokerUrl))) {
            store.awaitRows("select count() from pm2_5 where gateway = '" + gatewayId + "'",
                    r -> r.get(0).get(0).asLong() == 1, WAIT);
            Await.until(() -> ingest.counters().acknowledged() >= BURST + 1, WAIT,
                    "every message acknowledged, now " + ingest.counters());
            // Moquette sends again what waits 5 s for an acknowledgement, so a few may come twice.
            assertTrue(ingest.counters().rejected() >= BURST, ingest.counters().toString());
            Await.until(() -> ingest.counters().deadLettered() + ingest.counters().deadLettersDropped()
                    == ingest.counters().rejected(), WAIT, "every dead letter sent or dropped");
        }
    }
}
