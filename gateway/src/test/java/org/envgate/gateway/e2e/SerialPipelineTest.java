package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.poll.SensorState;
import org.envgate.gateway.poll.SensorStatus;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinSample;
import org.envgate.simulator.TwinServer;
import org.envgate.testing.PtyPair;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on real parts: the PMS5003 twin writes frames into one end of a socat
 * pseudo-terminal pair, the gateway reads the other end through jssc, buffers in SQLite and
 * publishes to Moquette, and a subscriber checks what arrived against what the twin sent.
 */
class SerialPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Set<Quantity> PM = Set.of(Quantity.PM1_0, Quantity.PM2_5, Quantity.PM10,
            Quantity.PM1_0_CF1, Quantity.PM2_5_CF1, Quantity.PM10_CF1);

    @TempDir
    Path storage;

    private PtyPair pty;
    private EmbeddedBroker broker;
    private ReadingSubscriber subscriber;
    private final List<TwinSample> sent = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        pty = PtyPair.start();
        broker = EmbeddedBroker.start(0);
        subscriber = new ReadingSubscriber(broker.url(), new Topics("envgate", Station.GATEWAY_ID));
    }

    @AfterEach
    void stop() throws Exception {
        subscriber.close();
        broker.close();
        pty.close();
    }

    private TwinServer twinOnPty(TwinOptions options) throws Exception {
        SensorTwin twin = TwinProvider.all().get("pms5003").create(options);
        twin.addListener(sent::add);
        return TwinServer.serial(twin, pty.a(), SerialSettings.DEFAULT_9600_8N1);
    }

    @Test
    void passiveModeReadingsArriveNamedStampedAndAsSent() throws Exception {
        long before = System.currentTimeMillis();
        List<Reading> taken = Collections.synchronizedList(new ArrayList<>());
        try (TwinServer twin = twinOnPty(TwinOptions.defaults().withSeed(42));
             Gateway gateway = Gateway.start(Station.load(Station.yaml(storage, broker.url(), "pm-kerb", pty.b(), "500ms", "passive")),
                     Clock.systemUTC(), taken::add)) {
            assertTrue(subscriber.awaitReadings(r -> r.size() >= 60, WAIT), "got " + subscriber.readings().size());
        }
        List<Reading> delivered = subscriber.readings();
        long after = System.currentTimeMillis();
        assertEquals(List.of(), subscriber.problems());
        for (Reading r : delivered) {
            assertEquals("pm-kerb", r.sensor());
            assertTrue(PM.contains(r.quantity()), r.toString());
            assertEquals("ug/m3", r.unit());
            assertTrue(r.timeMillis() >= before && r.timeMillis() <= after, "stamped at read time: " + r);
        }
        assertTrue(Station.assertSamplesWereSent(delivered, sent) >= 10);
        assertEquals(taken.subList(0, delivered.size()), delivered, "delivered exactly as taken, in order");
    }

    @Test
    void activeModeWithACorruptLineDeliversOnlyValidFramesAndCountsTheBadOnes() throws Exception {
        Gateway gateway = null;
        try (TwinServer twin = twinOnPty(TwinOptions.defaults().withSeed(7).withPeriod(Duration.ofMillis(200))
                .withFaults(0.3, 0.3, 0.2))) {
            gateway = Gateway.start(Station.load(Station.yaml(storage, broker.url(), "pm", pty.b(), "500ms", "active")),
                    Clock.systemUTC(), null);
            assertTrue(subscriber.awaitReadings(r -> r.size() >= 60, WAIT), "got " + subscriber.readings().size());
            SensorStatus status = gateway.sensors().get(0);
            assertTrue(status.frames().checksumErrors() > 0, "bad checksums are counted: " + status.frames());
            assertTrue(status.frames().good() >= 10, status.frames().toString());
        } finally {
            if (gateway != null) {
                gateway.close();
            }
        }
        assertTrue(Station.assertSamplesWereSent(subscriber.readings(), sent) >= 10);
    }

    @Test
    void aPortThatVanishesIsReopenedWhenItComesBack() throws Exception {
        TwinServer twin = twinOnPty(TwinOptions.defaults().withSeed(3));
        try (Gateway gateway = Gateway.start(Station.load(Station.yaml(storage, broker.url(), "pm", pty.b(), "300ms", "passive")),
                Clock.systemUTC(), null)) {
            assertTrue(subscriber.awaitReadings(r -> r.size() >= 18, WAIT));

            twin.close();
            pty.unplug();
            assertTrue(Station.await(() -> gateway.sensors().get(0).state() == SensorState.PORT_FAULT, WAIT),
                    "unplugged: " + gateway.sensors().get(0));
            int duringOutage = subscriber.readings().size();

            pty.replug();
            twin = twinOnPty(TwinOptions.defaults().withSeed(4));
            assertTrue(subscriber.awaitReadings(r -> r.size() >= duringOutage + 18, WAIT), "readings resume after replug");
            assertEquals(SensorState.OK, gateway.sensors().get(0).state());
        } finally {
            twin.close();
        }
    }
}
