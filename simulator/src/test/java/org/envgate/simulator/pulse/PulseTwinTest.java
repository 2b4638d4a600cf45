package org.envgate.simulator.pulse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.pulse.FlowMeter;
import org.envgate.drivers.pulse.PulseBurstException;
import org.envgate.drivers.pulse.PulseDriver;
import org.envgate.drivers.pulse.PulseInput;
import org.envgate.drivers.pulse.RainGauge;
import org.envgate.link.GpioPlatforms;
import org.envgate.link.Link;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pulse twins driving Pi4J mock inputs that the real driver counts, on a simulated clock. */
class PulseTwinTest {

    private static final long MIDNIGHT = 1_709_251_200_000L;
    private static final long MINUTE = 60_000;

    private final AtomicLong nanos = new AtomicLong();
    private Context gpio;
    private DriverContext context;

    @BeforeEach
    void mock() throws IOException {
        gpio = GpioPlatforms.context("mock");
        Context platform = gpio;
        context = new DriverContext() {
            @Override
            public Link openSerial(String port, SerialSettings settings) throws IOException {
                throw new IOException(port + ": no serial ports here");
            }

            @Override
            public Context gpio() {
                return platform;
            }
        };
    }

    @AfterEach
    void shutdown() {
        gpio.shutdown();
    }

    /** Moves the simulated clock to each pulse and closes then opens the contact there. */
    private PulseTwin.PulseSink contact(int pin) {
        MockDigitalInput line = (MockDigitalInput) gpio.<DigitalInput>io(PulseDriver.inputId(pin));
        return at -> {
            nanos.set((long) (at * 1_000_000));
            line.mockState(DigitalState.LOW);
            nanos.addAndGet(40_000_000);
            line.mockState(DigitalState.HIGH);
        };
    }

    private double readAt(PulseDriver driver, long millis) throws IOException {
        nanos.set(millis * 1_000_000);
        return driver.read().get(0).value();
    }

    @Test
    void rainfallReadEachMinuteAddsUpToTheTipsTheTwinReported() throws IOException {
        PulseTwin twin = PulseTwin.rainGauge(TwinOptions.defaults().withSeed(2), RainGauge.DEFAULT_MM_PER_TIP);
        List<TwinSample> tips = new ArrayList<>();
        twin.addListener(tips::add);
        PulseDriver driver = new PulseDriver(new SensorSpec("rain", "gpio:6", SerialSettings.DEFAULT_9600_8N1),
                new PulseInput(6, PulseInput.Edge.FALLING, PulseInput.Pull.UP, Duration.ofMillis(5)),
                new RainGauge(RainGauge.DEFAULT_MM_PER_TIP), nanos::get);
        nanos.set(MIDNIGHT * 1_000_000);
        driver.open(context);
        PulseTwin.PulseSink sink = contact(6);
        ((MockDigitalInput) gpio.<DigitalInput>io(PulseDriver.inputId(6))).mockState(DigitalState.HIGH);
        twin.advance(MIDNIGHT, sink);

        double total = 0;
        for (long t = MIDNIGHT + MINUTE; t <= MIDNIGHT + 180 * MINUTE; t += MINUTE) {
            int before = tips.size();
            twin.advance(t - 1, sink);
            double rainfall = readAt(driver, t);
            assertEquals((tips.size() - before) * RainGauge.DEFAULT_MM_PER_TIP, rainfall, 1e-9, "minute ending " + t);
            total += rainfall;
        }
        assertTrue(tips.size() > 20, "it rained in three hours: " + tips.size() + " tips");
        assertEquals(tips.size() * RainGauge.DEFAULT_MM_PER_TIP, total, 1e-6);

        twin.faults().set(TwinFaults.Fault.STUCK, true);
        twin.advance(MIDNIGHT + 240 * MINUTE, sink);
        assertEquals(0.0, readAt(driver, MIDNIGHT + 240 * MINUTE), "a jammed bucket reports no rain");
        twin.faults().set(TwinFaults.Fault.STUCK, false);

        twin.faults().set(TwinFaults.Fault.OUT_OF_RANGE, true);
        twin.advance(MIDNIGHT + 241 * MINUTE - 1, sink);
        nanos.set((MIDNIGHT + 241 * MINUTE) * 1_000_000);
        PulseBurstException burst = assertThrows(PulseBurstException.class, driver::read);
        assertTrue(burst.getMessage().startsWith("gpio:6: "), burst.getMessage());
        driver.close();
    }

    @Test
    void flowReadsMatchThePulsesTheTwinReported() throws IOException {
        PulseTwin twin = PulseTwin.flowMeter(TwinOptions.defaults().withSeed(9), 450, 30, ZoneOffset.UTC);
        List<TwinSample> pulses = new ArrayList<>();
        twin.addListener(pulses::add);
        PulseDriver driver = new PulseDriver(new SensorSpec("flow", "gpio:22", SerialSettings.DEFAULT_9600_8N1),
                new PulseInput(22, PulseInput.Edge.FALLING, PulseInput.Pull.UP, Duration.ZERO),
                new FlowMeter(450, 30), nanos::get);
        long start = MIDNIGHT + 7 * 60 * MINUTE;
        nanos.set(start * 1_000_000);
        driver.open(context);
        MockDigitalInput line = (MockDigitalInput) gpio.<DigitalInput>io(PulseDriver.inputId(22));
        line.mockState(DigitalState.HIGH);
        PulseTwin.PulseSink sink = at -> {
            nanos.set((long) (at * 1_000_000));
            line.mockState(DigitalState.LOW);
            line.mockState(DigitalState.HIGH);
        };
        twin.advance(start, sink);

        for (long t = start + MINUTE; t <= start + 30 * MINUTE; t += MINUTE) {
            int before = pulses.size();
            twin.advance(t - 1, sink);
            double flow = readAt(driver, t);
            assertEquals((pulses.size() - before) / 450.0, flow, 1e-9, "l in one minute = l/min");
            assertTrue(flow > 5 && flow <= 30, "morning use: " + flow);
        }
        twin.faults().set(TwinFaults.Fault.OUT_OF_RANGE, true);
        twin.advance(start + 31 * MINUTE - 1, sink);
        nanos.set((start + 31 * MINUTE) * 1_000_000);
        assertInstanceOf(PulseBurstException.class, assertThrows(IOException.class, driver::read));
        driver.close();
    }

    @Test
    void sameSeedSamePulses() {
        assertEquals(pulseTimes(4), pulseTimes(4));
        assertTrue(!pulseTimes(4).equals(pulseTimes(5)));
    }

    private List<Double> pulseTimes(long seed) {
        List<Double> times = new ArrayList<>();
        PulseTwin twin = PulseTwin.rainGauge(TwinOptions.defaults().withSeed(seed), 0.2794);
        twin.advance(MIDNIGHT, times::add);
        twin.advance(MIDNIGHT + 300 * MINUTE, times::add);
        return times;
    }
}
