package org.envgate.gateway.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import org.envgate.common.testing.TcpProxy;
import org.envgate.gateway.buffer.ReadingBuffer;
import org.envgate.gateway.config.MqttConfig;
import org.envgate.gateway.config.StorageConfig;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uplink against a real broker (Moquette in-process), through a proxy a test can cut. */
class UplinkTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private EmbeddedBroker broker;
    private TcpProxy network;
    private ReadingBuffer buffer;
    private final Topics topics = new Topics("envgate", "gw-test");
    private static final GatewayHealth HEALTH = new GatewayHealth("gw-test", "test", OptionalLong.of(0), 0, 0, 0, 0, 0,
            0, 0, 0, "unknown", 0, 0, List.of());

    @BeforeEach
    void start() throws Exception {
        broker = EmbeddedBroker.start(0);
        network = new TcpProxy(broker.port());
        buffer = ReadingBuffer.open(new StorageConfig(dir, StorageConfig.DEFAULT_MAX_SIZE, StorageConfig.WhenFull.DROP_OLDEST));
    }

    @AfterEach
    void stop() {
        network.close();
        broker.close();
        buffer.close();
    }

    private Uplink uplink(String url) {
        return uplink(url, Duration.ofSeconds(10));
    }

    private Uplink uplink(String url, Duration keepAlive) {
        MqttConfig config = new MqttConfig(url, "envgate", "envgate-gw-test", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), 500, 20, keepAlive, Duration.ofSeconds(2),
                Duration.ofMinutes(1));
        return new Uplink(config, "gw-test", buffer, "test", Clock.systemUTC(), () -> HEALTH);
    }

    private static List<Reading> readings(int from, int count) {
        List<Reading> list = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            list.add(new Reading("pm", Quantity.PM2_5, i, 1_700_000_000_000L + i * 10L));
        }
        return list;
    }

    private void awaitEmptyBuffer() throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (buffer.count() > 0 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals(0, buffer.count(), "acknowledged readings leave the buffer");
    }

    @Test
    void deliversTheBacklogInOrderInPacksAndEmptiesTheBuffer() throws Exception {
        buffer.append(readings(0, 1234));
        try (ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), topics);
             Uplink uplink = uplink(network.url())) {
            uplink.start();
            assertTrue(subscriber.awaitReadings(r -> r.size() >= 1234, WAIT), "got " + subscriber.readings().size());
            assertEquals(readings(0, 1234), subscriber.readings());
            assertTrue(subscriber.awaitState("online", WAIT));
            assertEquals(List.of(), subscriber.problems());
            awaitEmptyBuffer();
            assertEquals(1234, uplink.sent());
        }
    }

    @Test
    void pahoRunsOnThreadsWhereAnErrorEndsTheProcess() throws Exception {
        try (ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), topics);
             Uplink uplink = uplink(network.url())) {
            uplink.start();
            assertTrue(subscriber.awaitState("online", WAIT));
            // Paho's receiver reads the broker's bytes. Left to itself Paho runs it on a bare thread of
            // its own; on the uplink's Fatal.threads pool an Error there halts the gateway (FatalTest).
            // Paho renames the thread, so the pool shows only in the stack (the test's subscriber runs a
            // receiver of its own on a bare thread).
            List<StackTraceElement[]> receivers = Thread.getAllStackTraces().values().stream()
                    .filter(stack -> Arrays.stream(stack).anyMatch(f -> f.getClassName().endsWith(".CommsReceiver")))
                    .toList();
            assertTrue(!receivers.isEmpty(), "a Paho receiver runs");
            assertTrue(receivers.stream().anyMatch(stack -> Arrays.stream(stack)
                    .anyMatch(f -> f.getClassName().equals("java.util.concurrent.ThreadPoolExecutor$Worker"))),
                    "Paho's receiver runs on the uplink's pool");
        }
    }

    @Test
    void holdsReadingsThroughAnOutageAndDeliversThemAllInOrder() throws Exception {
        try (ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), topics);
             Uplink uplink = uplink(network.url())) {
            uplink.start();
            buffer.append(readings(0, 10));
            uplink.wake();
            assertTrue(subscriber.awaitReadings(r -> r.size() >= 10, WAIT));
            awaitEmptyBuffer();

            network.cut();
            broker.stop();
            for (int i = 10; i < 700; i += 10) {
                buffer.append(readings(i, 10));
                uplink.wake();
            }
            Thread.sleep(1500);
            assertEquals(690, buffer.count(), "nothing leaves the buffer while the broker is away");
            assertEquals(UplinkState.OFFLINE, uplink.state());

            broker.restart();
            try (ReadingSubscriber after = new ReadingSubscriber(broker.url(), topics)) {
                network.restore();
                assertTrue(after.awaitReadings(r -> r.size() >= 690, WAIT), "got " + after.readings().size());
                assertEquals(readings(10, 690), after.readings(), "every reading, in order, times untouched");
            }
            awaitEmptyBuffer();
        }
    }

    @Test
    void aConnectionDroppedMidStreamLosesNothingAndCountsWhatItSendsAgain() throws Exception {
        try (ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), topics);
             Uplink uplink = uplink(network.url())) {
            uplink.start();
            for (int i = 0; i < 20_000; i += 1000) {
                buffer.append(readings(i, 1000));
                uplink.wake();
                if (i == 5000 || i == 12_000) {
                    awaitSent(uplink, i / 2);
                    network.cut();
                    network.restore();
                }
            }
            assertTrue(subscriber.awaitReadings(r -> r.stream().distinct().count() >= 20_000, WAIT),
                    "got " + subscriber.readings().stream().distinct().count());
            assertEquals(Set.copyOf(readings(0, 20_000)), Set.copyOf(subscriber.readings()), "every reading arrived");
            awaitEmptyBuffer();
            long duplicates = subscriber.readings().size() - 20_000;
            assertTrue(uplink.resent() >= duplicates, "resent " + uplink.resent() + " covers the " + duplicates
                    + " duplicates the subscriber saw");
            assertTrue(uplink.resent() <= 2L * 20 * 500, "at most the packs in flight at each cut are resent: "
                    + uplink.resent());
        }
    }

    @Test
    void reconnectsTimeAfterTimeOnPahosFewThreads() throws Exception {
        // Paho's connect task waits on the uplink's small pool for three tasks that last as long as
        // the connection: a thread still held by a dropped connection would make a later connect
        // wait for ever. Idle spells longer than the keep-alive make Paho ping on the same pool.
        try (ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), topics);
             Uplink uplink = uplink(network.url(), Duration.ofSeconds(1))) {
            uplink.start();
            int rounds = 6;
            for (int round = 0; round < rounds; round++) {
                buffer.append(readings(round * 10, 10));
                uplink.wake();
                int expected = (round + 1) * 10;
                assertTrue(subscriber.awaitReadings(r -> r.stream().distinct().count() >= expected, WAIT),
                        "round " + round + ": got " + subscriber.readings().stream().distinct().count());
                awaitEmptyBuffer();
                Thread.sleep(2500);
                assertEquals(UplinkState.ONLINE, uplink.state(), "round " + round + ": online through the idle spell");
                network.cut();
                network.restore();
            }
            assertEquals(Set.copyOf(readings(0, rounds * 10)), Set.copyOf(subscriber.readings()));
            assertTrue(uplink.lastProblem().contains("lost"), "the cuts were seen: " + uplink.lastProblem());
        }
    }

    @Test
    void keepsSendingAfterTheBufferRanEmpty() throws Exception {
        try (ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), topics);
             Uplink uplink = uplink(network.url())) {
            uplink.start();
            for (int round = 0; round < 3; round++) {
                buffer.append(readings(round * 10, 10));
                uplink.wake();
                int expected = (round + 1) * 10;
                assertTrue(subscriber.awaitReadings(r -> r.size() >= expected, WAIT), "round " + round + ": got "
                        + subscriber.readings().size());
                awaitEmptyBuffer();
            }
            assertEquals(readings(0, 30), subscriber.readings());
        }
    }

    @Test
    void liveReadingsOvertakeABacklogAndEachStreamStaysInOrder() throws Exception {
        int backlog = 200_000;
        for (int i = 0; i < backlog; i += 10_000) {
            buffer.append(readings(i, 10_000));
        }
        try (ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), topics);
             Uplink uplink = uplink(network.url())) {
            uplink.start();
            assertTrue(subscriber.awaitReadings(r -> r.size() >= 1000, WAIT));
            List<Reading> live = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Reading reading = new Reading("live", Quantity.CO2, 400 + i, 1_800_000_000_000L + i);
                live.add(reading);
                buffer.append(List.of(reading));
                uplink.wake();
            }
            assertTrue(subscriber.awaitReadings(r -> r.containsAll(live), WAIT), "live readings arrive");
            int deliveredBeforeLive = subscriber.readings().indexOf(live.get(live.size() - 1));
            assertTrue(deliveredBeforeLive < backlog, "the last live reading arrived after " + deliveredBeforeLive
                    + " of " + backlog + " backlog readings, not behind all of them");

            assertTrue(subscriber.awaitReadings(r -> r.size() >= backlog + live.size(), WAIT));
            List<Reading> all = subscriber.readings();
            assertEquals(readings(0, backlog), all.stream().filter(r -> r.sensor().equals("pm")).toList(),
                    "the backlog arrives complete and in time order");
            assertEquals(live, all.stream().filter(r -> r.sensor().equals("live")).toList(), "so do the live readings");
            awaitEmptyBuffer();
        }
    }

    private static void awaitSent(Uplink uplink, long atLeast) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (uplink.sent() < atLeast && System.nanoTime() < end) {
            Thread.sleep(5);
        }
    }

    @Test
    void announcesOfflineOnAStop() throws Exception {
        try (ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), topics)) {
            Uplink uplink = uplink(network.url());
            uplink.start();
            assertTrue(subscriber.awaitState("online", WAIT));
            uplink.close();
            assertTrue(subscriber.awaitState("offline", WAIT));
        }
    }

    @Test
    void theLastWillSaysOfflineWhenTheGatewayVanishes() throws Exception {
        try (ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), topics);
             Uplink uplink = uplink(network.url())) {
            uplink.start();
            assertTrue(subscriber.awaitState("online", WAIT));
            network.cut();
            assertTrue(subscriber.awaitState("offline", WAIT), "the broker publishes the will: " + subscriber.states());
        }
    }
}
