package org.envgate.gateway.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.envgate.gateway.poll.SensorState;
import org.envgate.gateway.uplink.UplinkState;
import org.envgate.link.GpioPlatforms;
import org.envgate.simulator.TwinFaults.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status LED on Pi4J's mock platform: first stepped through simulated time with every
 * change of the output recorded, then driven by its own thread from a real gateway whose
 * sensor and broker fail, the output sampled.
 */
class StatusLedTest {

    private final Context gpio;

    StatusLedTest() throws Exception {
        gpio = GpioPlatforms.context("mock");
    }

    @AfterEach
    void shutdown() {
        gpio.shutdown();
    }

    @TempDir
    Path storage;

    /** The output's changes, as "H@ms" or "L@ms" with the simulated time of the change. */
    private static List<String> record(DigitalOutput output, AtomicReference<Long> now) {
        List<String> changes = Collections.synchronizedList(new ArrayList<>());
        output.addListener(event -> changes.add((event.state() == DigitalState.HIGH ? "H@" : "L@") + now.get()));
        return changes;
    }

    @Test
    void showsEachPatternAndStartsANewOneAtOnce() {
        DigitalOutput output = StatusLed.open(gpio, 17);
        assertTrue(output instanceof MockDigitalOutput, output.getClass().getName());
        AtomicReference<LedPattern> condition = new AtomicReference<>(LedPattern.ALL_GOOD);
        AtomicReference<Long> now = new AtomicReference<>(0L);
        List<String> changes = record(output, now);
        StatusLed led = new StatusLed(gpio, output, condition::get);

        step(led, now, 0, 6000);
        assertEquals(List.of("H@0", "L@2875", "H@3000", "L@5875", "H@6000"), changes, "all good: on, a heartbeat every 3 s");

        changes.clear();
        condition.set(LedPattern.BUFFERING);
        step(led, now, 6125, 10000);
        assertEquals(List.of("L@7125", "H@8125", "L@9125"), changes, "buffering: 1 s on, 1 s off");

        changes.clear();
        condition.set(LedPattern.SENSOR_FAULT);
        step(led, now, 10125, 11000);
        assertEquals(List.of("H@10125", "L@10250", "H@10375", "L@10500", "H@10625", "L@10750", "H@10875", "L@11000"), changes,
                "sensor fault: 4 blinks a second, starting lit as soon as the fault is seen");

        changes.clear();
        condition.set(LedPattern.OFF);
        step(led, now, 11125, 13000);
        assertEquals(List.of(), changes, "already dark at 11000, and stays dark");
        assertEquals(DigitalState.LOW, output.state());
    }

    /** What the LED did while watched: its changes, and the share of samples it was lit. */
    private record Watched(int changes, double litShare) {
    }

    /** Samples the LED every 10 ms for {@code millis}. */
    private static Watched watch(DigitalOutput led, long millis) throws InterruptedException {
        int changes = 0;
        int lit = 0;
        int samples = 0;
        DigitalState last = led.state();
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            DigitalState state = led.state();
            changes += state == last ? 0 : 1;
            lit += state == DigitalState.HIGH ? 1 : 0;
            samples++;
            last = state;
            Thread.sleep(10);
        }
        return new Watched(changes, (double) lit / samples);
    }

    private static void step(StatusLed led, AtomicReference<Long> now, long from, long to) {
        for (long t = from; t <= to; t += LedPattern.TICK_MILLIS) {
            now.set(t);
            led.show(t);
        }
    }

    @Test
    void aGatewaysLedShowsAllGoodThenASensorFaultThenOfflineAndGoesDarkOnStop() throws Exception {
        PageStation station = PageStation.start(storage, "gpio: {platform: mock}\nstatus-led: {pin: 22}\n");
        DigitalOutput led;
        try {
            station.awaitAllReporting();
            Context context = station.gateway.gpio().orElseThrow();
            led = context.registry().get(StatusLed.OUTPUT_ID, DigitalOutput.class);
            assertEquals(22, led.address().intValue());
            // The LED follows the gateway within a tick or two.
            Thread.sleep(500);
            Watched good = watch(led, 3500);
            assertTrue(good.litShare() > 0.85 && good.changes() <= 4, "on, with a heartbeat: " + good);

            station.pm.faults().set(Fault.SILENT, true);
            PageStation.await(() -> station.sensor("pm").state() == SensorState.NO_RESPONSE,
                    () -> "pm reported as not responding: " + station.sensor("pm"));
            Thread.sleep(500);
            Watched fault = watch(led, 1500);
            assertTrue(fault.changes() >= 6, "4 blinks a second, 12 changes in 1.5 s: " + fault);

            station.pm.faults().set(Fault.SILENT, false);
            station.stopBroker();
            PageStation.await(() -> station.gateway.uplink().state() != UplinkState.ONLINE
                    && station.sensor("pm").state() == SensorState.OK,
                    () -> "offline, and pm answering again: " + station.gateway.sensors());
            Thread.sleep(500);
            Watched offline = watch(led, 4000);
            assertTrue(offline.changes() >= 2 && offline.changes() <= 5 && offline.litShare() > 0.3
                    && offline.litShare() < 0.7, "1 s on, 1 s off: " + offline);
            PageStation.await(() -> led.state() == DigitalState.HIGH, () -> "lit, to see it go dark on stop");
        } finally {
            station.close();
        }
        assertEquals(DigitalState.LOW, led.state(), "a stopped gateway leaves its LED dark");
    }
}
