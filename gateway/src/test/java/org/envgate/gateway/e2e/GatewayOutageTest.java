package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.envgate.common.testing.TcpProxy;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.gateway.uplink.UplinkState;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinServer;
import org.envgate.wire.Reading;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away while the sensor keeps being read, then comes back: every reading taken
 * arrives, in the order taken, with the time it was taken.
 */
class GatewayOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path storage;

    @Test
    void everyReadingTakenDuringAnOutageArrivesInOrderWithItsOwnTime() throws Exception {
        List<Reading> taken = Collections.synchronizedList(new ArrayList<>());
        Topics topics = new Topics("envgate", Station.GATEWAY_ID);
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             TcpProxy network = new TcpProxy(broker.port());
             TwinServer twin = TwinServer.tcp(TwinProvider.all().get("pms5003").create(TwinOptions.defaults().withSeed(5)),
                     "127.0.0.1", 0)) {
            List<Reading> delivered = new ArrayList<>();
            try (Gateway gateway = Gateway.start(Station.load(Station.yaml(storage, network.url(), "pm", twin.gatewayPort(),
                    "200ms", "passive")), Clock.systemUTC(), taken::add)) {
                try (ReadingSubscriber before = new ReadingSubscriber(broker.url(), topics)) {
                    assertTrue(before.awaitReadings(r -> r.size() >= 15, WAIT));
                    network.cut();
                    // What the broker acknowledged just before the cut still reaches the
                    // subscriber: read it once the broker has stopped.
                    broker.stop();
                    delivered.addAll(before.readings());
                }
                int takenAtCut = taken.size();
                assertTrue(Station.await(() -> taken.size() >= takenAtCut + 30, WAIT), "the sensor side does not wait");
                assertEquals(UplinkState.OFFLINE, gateway.uplink().state());
                // The buffer writer commits within a second of the read: the last readings taken may be on their way to it.
                assertTrue(Station.await(() -> gateway.buffer().count() >= 30, WAIT),
                        "held in the buffer: " + gateway.buffer().count());

                broker.restart();
                List<Reading> backlog;
                try (ReadingSubscriber after = new ReadingSubscriber(broker.url(), topics)) {
                    network.restore();
                    synchronized (taken) {
                        backlog = List.copyOf(taken);
                    }
                    assertTrue(after.awaitReadings(r -> {
                        List<Reading> all = new ArrayList<>(delivered);
                        all.addAll(r);
                        return all.containsAll(backlog);
                    }, WAIT), "backlog drained: " + after.readings().size());
                    delivered.addAll(after.readings());
                }
                // Readings taken after the reconnect may overtake the backlog; the readings
                // taken up to it arrive complete, in the order taken, with their own times.
                List<Reading> distinct = delivered.stream().distinct().filter(backlog::contains).toList();
                assertEquals(backlog, distinct, "every reading taken, in order, none restamped (resent ones appear once)");
                assertTrue(distinct.size() >= 45);
            }
        }
    }
}
