package org.envgate.ingest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.config.IngestConfig;
import org.envgate.ingest.testing.Await;
import org.envgate.ingest.testing.EmbeddedBroker;
import org.envgate.ingest.testing.HostileFlood;
import org.envgate.ingest.testing.IngestConfigs;
import org.envgate.ingest.testing.QuestDbFixture;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 mixed messages through Moquette into the embedded QuestDB: every good reading is
 * stored, and every message acknowledged, so the broker has nothing left to deliver again.
 */
class HostileFloodTest {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final int MESSAGES = 10_000;

    @TempDir
    static Path dir;

    static EmbeddedBroker broker;
    static QuestDbFixture store;

    @BeforeAll
    static void start() throws IOException {
        broker = EmbeddedBroker.startTaking(1024 * 1024);
        store = new QuestDbFixture(dir.resolve("questdb"));
    }

    @AfterAll
    static void stop() {
        store.close();
        broker.close();
    }

    @Test
    void everyGoodReadingIsStoredAndEveryMessageAcknowledged() throws Exception {
        IngestConfig config = IngestConfigs.external(broker.url(), "flood", "ingest-flood", null, store.url(), "");
        List<HostileFlood.Message> messages = HostileFlood.messages("flood", "fl-", MESSAGES, System.currentTimeMillis());

        HostileFlood.Result result = HostileFlood.run(broker.url(), config, messages, WAIT);

        long expected = (long) result.goodPacks() * HostileFlood.READINGS_PER_PACK;
        Await.until(() -> stored() == expected, WAIT, expected + " readings stored");
        try (Ingest again = Ingest.start(config)) {
            Await.until(again::connected, WAIT, "ingest subscribes again with the same client id");
            // The broker sends a session's messages right after the subscription; give it time to.
            Thread.sleep(3000);
            assertEquals(0, again.counters().messages(), "nothing left unacknowledged: " + again.counters());
        }
        assertEquals(expected, stored(), "and nothing more");
    }

    private static long stored() throws IOException {
        long total = 0;
        for (Quantity quantity : List.of(Quantity.PM2_5, Quantity.PM10, Quantity.TEMPERATURE, Quantity.PH)) {
            total += store.count("select count() from " + quantity.id() + " where gateway like 'fl-%'");
        }
        return total;
    }
}
