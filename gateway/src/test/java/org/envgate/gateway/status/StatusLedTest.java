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
 * The status LED on Pi4J's mock platform: every change of the output is recorded, first with
 * the LED stepped through simulated time, then driven by its own thread from a real gateway.
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

        step(led, now, 0, 2000);
        assertEquals(List.of("H@0"), changes, "all good: steady on");

        changes.clear();
        condition.set(LedPattern.BUFFERING);
        step(led, now, 2125, 6000);
        assertEquals(List.of("L@3125", "H@4125", "L@5125"), changes, "buffering: 1 s on, 1 s off");

        changes.clear();
        condition.set(LedPattern.SENSOR_FAULT);
        step(led, now, 6125, 7000);
        assertEquals(List.of("H@6125", "L@6250", "H@6375", "L@6500", "H@6625", "L@6750", "H@6875", "L@7000"), changes,
                "sensor fault: 4 blinks a second, starting lit as soon as the fault is seen");

        changes.clear();
        condition.set(LedPattern.OFF);
        step(led, now, 7125, 9000);
        assertEquals(List.of(), changes, "already dark at 7000, and stays dark");
        assertEquals(DigitalState.LOW, output.state());
    }

    private static void step(StatusLed led, AtomicReference<Long> now, long from, long to) {
        for (long t = from; t <= to; t += LedPattern.TICK_MILLIS) {
            now.set(t);
            led.show(t);
        }
    }

    @Test
    void aGatewaysLedIsSteadyWhenAllIsGoodBlinksFastOnASensorFaultSlowlyOfflineAndGoesDarkOnStop() throws Exception {
        PageStation station = PageStation.start(storage, "gpio: {platform: mock}\nstatus-led: {pin: 22}\n");
        DigitalOutput led;
        try {
            station.awaitAllReporting();
            Context context = station.gateway.gpio().orElseThrow();
            led = context.registry().get(StatusLed.OUTPUT_ID, DigitalOutput.class);
            assertEquals(22, led.address().intValue());
            AtomicReference<Long> now = new AtomicReference<>(0L);
            List<String> changes = record(led, now);
            // The LED follows the gateway within a tick or two.
            Thread.sleep(500);
            changes.clear();
            Thread.sleep(1500);
            assertEquals(DigitalState.HIGH, led.state());
            assertEquals(List.of(), changes, "steady on while all is good");

            station.pm.faults().set(Fault.SILENT, true);
            PageStation.await(() -> changes.size() >= 8, () -> "blinking fast on a sensor fault: " + changes);
            changes.clear();
            Thread.sleep(1500);
            assertTrue(changes.size() >= 6, "4 blinks a second, 12 changes in 1.5 s: " + changes);

            station.pm.faults().set(Fault.SILENT, false);
            station.stopBroker();
            PageStation.await(() -> station.gateway.uplink().state() != UplinkState.ONLINE
                    && station.sensor("pm").state() == SensorState.OK,
                    () -> "offline, and pm answering again: " + station.gateway.sensors());
            Thread.sleep(300);
            changes.clear();
            Thread.sleep(3000);
            assertTrue(changes.size() >= 2 && changes.size() <= 4, "1 s on, 1 s off: 3 changes in 3 s: " + changes);
            PageStation.await(() -> led.state() == DigitalState.HIGH, () -> "lit, to see it go dark on stop");
        } finally {
            station.close();
        }
        assertEquals(DigitalState.LOW, led.state(), "a stopped gateway leaves its LED dark");
    }
}
