package org.envgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.envgate.ingest.config.MqttSettings;
import org.envgate.ingest.config.PackLimits;
import org.envgate.ingest.decode.PackDecoder;
import org.envgate.ingest.decode.Stations;
import org.envgate.ingest.mqtt.Delivery;
import org.envgate.ingest.mqtt.Publication;
import org.envgate.ingest.store.PointStore;
import org.envgate.ingest.store.StoreException;
import org.envgate.ingest.testing.Await;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.junit.jupiter.api.Test;

/** The pipeline's acknowledgement rules, with a scripted store and scripted acknowledgements. */
class PipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final MqttSettings MQTT = new MqttSettings("tcp://broker:1883", "envgate", "ingest", Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(60),
            Duration.ofMinutes(1));

    private static final Publication DELIVERED = new Publication() {
        @Override
        public boolean done() {
            return true;
        }

        @Override
        public boolean delivered() {
            return true;
        }
    };

    private final List<String> acked = Collections.synchronizedList(new ArrayList<>());
    private final List<String> published = Collections.synchronizedList(new ArrayList<>());
    private final IngestCounters counters = new IngestCounters();

    /** A store that fails (refusing or unavailable) while {@code failing} matches the lines of a write. */
    private static class ScriptedStore implements PointStore {
        final List<List<String>> written = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> ackedAtWrite = Collections.synchronizedList(new ArrayList<>());
        volatile int unavailableFor;
        volatile Predicate<List<String>> refuses = lines -> false;
        private static final Publication DELIVERED = new Publication() {
        @Override
        public boolean done() {
            return true;
        }

        @Override
        public boolean delivered() {
            return true;
        }
    };

    private final List<String> acked;

        ScriptedStore(List<String> acked) {
            this.acked = acked;
        }

        @Override
        public void write(List<String> lines) throws StoreException {
            ackedAtWrite.add(acked.size());
            if (unavailableFor > 0) {
                unavailableFor--;
                throw new StoreException("down", false, null);
            }
            if (refuses.test(lines)) {
                throw new StoreException("answered 400: bad line", true, null);
            }
            written.add(List.copyOf(lines));
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public void close() {
        }
    }

    private Pipeline pipeline(PointStore store, Pipeline.Publisher publisher) {
        return pipeline(store, publisher, 10_000);
    }

    private Pipeline pipeline(PointStore store, Pipeline.Publisher publisher, int batchSize) {
        PackDecoder decoder = new PackDecoder("envgate", new PackLimits(1 << 20, Duration.ofDays(90),
                Duration.ofMinutes(10)), new Stations(Map.of()), true);
        return new Pipeline(decoder, store, new DeadLetters(MQTT), publisher, batchSize, 1 << 20, counters);
    }

    private Delivery delivery(String gateway, String name) {
        byte[] pack = SenmlCodec.encode(gateway, List.of(new Reading("pm", Quantity.PM2_5, 12,
                System.currentTimeMillis() - 1000)));
        return new Delivery("envgate/" + gateway + "/readings", pack, false, System.currentTimeMillis(),
                () -> acked.add(name));
    }

    @Test
    void acknowledgesOnlyOnceTheStoreAcceptedAndInArrivalOrder() throws Exception {
        ScriptedStore store = new ScriptedStore(acked);
        store.unavailableFor = 2;
        try (Pipeline pipeline = pipeline(store, (topic, payload) -> DELIVERED)) {
            for (int i = 0; i < 5; i++) {
                pipeline.accept(delivery("gw-" + i, "m" + i));
            }
            pipeline.start();
            Await.until(() -> acked.size() == 5, WAIT, "all acknowledged");
        }
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), acked);
        assertEquals(List.of(0, 0, 0), store.ackedAtWrite, "two failed writes, then one of all five, before any ack");
        assertEquals(2, counters.writeFailures());
        assertEquals(5, counters.readings());
    }

    @Test
    void aLaterBatchStoredFirstWaitsForTheEarlierOneBeforeItsMessagesAreAcknowledged() throws Exception {
        CountDownLatch slowWriteStarted = new CountDownLatch(1);
        CountDownLatch releaseSlowWrite = new CountDownLatch(1);
        ScriptedStore store = new ScriptedStore(acked) {
            @Override
            public void write(List<String> lines) throws StoreException {
                if (lines.stream().anyMatch(line -> line.contains("gateway=gw-slow"))) {
                    slowWriteStarted.countDown();
                    try {
                        releaseSlowWrite.await();
                    } catch (InterruptedException e) {
                        throw new StoreException("interrupted", false, e);
                    }
                }
                super.write(lines);
            }
        };
        // Batches of one reading: every message is a full batch, so the second writer takes the next.
        try (Pipeline pipeline = pipeline(store, (topic, payload) -> DELIVERED, 1)) {
            pipeline.start();
            pipeline.accept(delivery("gw-slow", "slow"));
            assertTrue(slowWriteStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            pipeline.accept(delivery("gw-fast", "fast"));
            Await.until(() -> store.written.size() == 1, WAIT, "the later batch stored while the earlier is written");
            assertEquals(List.of(), acked, "nothing acknowledged before the earlier batch is stored");
            releaseSlowWrite.countDown();
            Await.until(() -> acked.size() == 2, WAIT, "both acknowledged");
        }
        assertEquals(List.of("fast", "slow"), store.written.stream().map(lines -> lines.get(0).contains("gw-fast")
                ? "fast" : "slow").toList(), "stored out of order");
        assertEquals(List.of("slow", "fast"), acked, "acknowledged in arrival order");
    }

    @Test
    void aMessageTheStoreRefusesIsDeadLetteredAndTheRestOfItsBatchIsStored() throws Exception {
        ScriptedStore store = new ScriptedStore(acked);
        store.refuses = lines -> lines.stream().anyMatch(l -> l.contains("gateway=gw-poison"));
        try (Pipeline pipeline = pipeline(store, (topic, payload) -> {
            published.add(topic + " " + new String(payload, StandardCharsets.UTF_8));
            return DELIVERED;
        })) {
            pipeline.accept(delivery("gw-a", "a"));
            pipeline.accept(delivery("gw-poison", "poison"));
            pipeline.accept(delivery("gw-b", "b"));
            pipeline.start();
            Await.until(() -> acked.size() == 3 && counters.deadLettered() == 1, WAIT, "all acknowledged");
        }
        assertEquals(List.of("a", "poison", "b"), acked);
        assertEquals(2, store.written.size(), "a and b, each on its own after the batch was refused");
        assertEquals(1, published.size());
        assertTrue(published.get(0).startsWith("envgate/_rejected/gw-poison {"), published.get(0));
        assertTrue(published.get(0).contains("\"reason\":\"the store refused it: answered 400: bad line\""),
                published.get(0));
        assertEquals(1, counters.rejected());
    }

    @Test
    void aRejectedMessageWhoseDeadLetterTheBrokerDoesNotTakeIsAcknowledgedAndTheDropCounted() throws Exception {
        ScriptedStore store = new ScriptedStore(acked);
        try (Pipeline pipeline = pipeline(store, (topic, payload) -> Publication.NOT_STARTED)) {
            pipeline.accept(new Delivery("envgate/gw-x/readings", "not json".getBytes(StandardCharsets.UTF_8), false,
                    System.currentTimeMillis(), () -> acked.add("bad")));
            pipeline.accept(delivery("gw-y", "good"));
            pipeline.start();
            Await.until(() -> acked.size() == 2 && counters.deadLettersDropped() == 1, WAIT,
                    "both acknowledged, the dead letter dropped");
        }
        assertEquals(List.of("bad", "good"), acked, "in arrival order");
        assertEquals(1, counters.rejected());
        assertEquals(0, counters.deadLettered());
    }

    @Test
    void deadLettersTheBrokerNeverAcknowledgesHoldUpNeitherTheStoreNorTheAcknowledgements() throws Exception {
        ScriptedStore store = new ScriptedStore(acked);
        Publication never = new Publication() {
            @Override
            public boolean done() {
                return false;
            }

            @Override
            public boolean delivered() {
                return false;
            }
        };
        int rejected = 3 * DeadLetterSender.MAX_IN_FLIGHT;
        try (Pipeline pipeline = pipeline(store, (topic, payload) -> never)) {
            pipeline.start();
            for (int i = 0; i < rejected; i++) {
                pipeline.accept(new Delivery("envgate/gw-x/readings", "not json".getBytes(StandardCharsets.UTF_8), false,
                        System.currentTimeMillis(), () -> acked.add("bad")));
            }
            pipeline.accept(delivery("gw-y", "good"));
            Await.until(() -> acked.size() == rejected + 1, WAIT, "every message acknowledged");
        }
        assertEquals("good", acked.get(rejected));
        assertEquals(1, store.written.stream().flatMap(List::stream).filter(line -> line.contains("gw-y")).count(),
                "the good message's reading is stored");
        assertEquals(0, counters.deadLettered());
    }
}
