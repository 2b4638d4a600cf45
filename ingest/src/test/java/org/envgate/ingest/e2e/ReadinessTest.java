package org.envgate.ingest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.store.StoreProbe;
import org.envgate.ingest.testing.EmbeddedBroker;
import org.envgate.ingest.testing.IngestConfigs;
import org.envgate.ingest.testing.QuestDbFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest is ready (systemd's READY=1) only once it is subscribed and the store took a write: not
 * while the broker is down, and it says what it waits for.
 */
class ReadinessTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void readyOnlyOnceSubscribedAndTheStoreTookAProbePoint() throws Exception {
        int brokerPort = EmbeddedBroker.freePort();
        List<String> waitedFor = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(1);
        try (QuestDbFixture store = new QuestDbFixture(dir.resolve("questdb"));
             Ingest ingest = Ingest.start(IngestConfigs.external("tcp://127.0.0.1:" + brokerPort, "rd", "ingest-rd", null,
                     store.url(), ""))) {
            Thread readiness = new Thread(() -> {
                try {
                    ingest.awaitReady(waitedFor::add);
                    ready.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            readiness.start();
            assertFalse(ready.await(3, TimeUnit.SECONDS), "not ready while the broker is down");
            assertEquals(List.of("waiting for the subscription at the broker"), waitedFor);

            try (EmbeddedBroker broker = EmbeddedBroker.start(brokerPort)) {
                assertTrue(ready.await(WAIT.toSeconds(), TimeUnit.SECONDS), "ready once subscribed: " + waitedFor);
                assertEquals(1, store.awaitRows("select count() from " + StoreProbe.MEASUREMENT
                        + " where instance = 'ingest-rd'", rows -> rows.get(0).get(0).asLong() == 1, WAIT).get(0).get(0).asLong());
            }
        }
    }
}
