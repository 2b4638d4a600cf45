package org.envgate.ingest.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.testing.Await;
import org.envgate.ingest.testing.EmbeddedBroker;
import org.envgate.ingest.testing.IngestConfigs;
import org.envgate.ingest.testing.QuestDbFixture;
import org.envgate.ingest.testing.TestClient;
import org.envgate.wire.SenmlCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest through broker restarts: each connection's client threads come from one pool, which never runs dry. */
class ReconnectTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

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
    void afterSixBrokerRestartsIngestStillSubscribesAndStores() throws Exception {
        try (Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "re", "ingest-re", null, store.url(), ""))) {
            for (int restart = 0; restart <= 6; restart++) {
                Await.until(ingest::connected, WAIT, "ingest subscribes after restart " + restart);
                try (TestClient gateway = new TestClient(broker.url())) {
                    gateway.publish("re/gw-re/readings", SenmlCodec.encode("gw-re",
                            Packs.rounds(1, System.currentTimeMillis() - 600_000 + restart * 1000L)));
                }
                long expected = restart + 1;
                store.awaitRows("select count() from pm2_5 where gateway = 'gw-re'",
                        r -> r.get(0).get(0).asLong() == expected, WAIT);
                Await.until(() -> ingest.counters().acknowledged() == expected, WAIT, "stored and acknowledged");
                broker.stop();
                Await.until(() -> !ingest.connected(), WAIT, "ingest notices the broker is gone");
                broker.restart();
            }
        }
    }
}
