package org.envgate.drivers.pulse;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.ValueRange;
import org.envgate.link.GpioPlatforms;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pulse drivers on Pi4J's mock platform, with a clock the test moves. */
class PulseDriverTest {

    private static final long MS = 1_000_000;
    private static final SensorSpec RAIN = new SensorSpec("rain", "gpio:17", SerialSettings.DEFAULT_9600_8N1);

    private final AtomicLong nanos = new AtomicLong(1_000_000 * MS);
    private Context gpio;
    private DriverContext context;

    @BeforeEach
    void mockPlatform() throws IOException {
        gpio = GpioPlatforms.context("mock");
        Context platform = gpio;
        context = new DriverContext() {
            @Override
            public org.envgate.link.Link openSerial(String port, SerialSettings settings) throws IOException {
                throw new IOException(port + ": no serial ports in this test");
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

    private PulseDriver rainGauge(Duration debounce) {
        return new PulseDriver(RAIN, new PulseInput(17, PulseInput.Edge.FALLING, PulseInput.Pull.UP, debounce),
                new RainGauge(RainGauge.DEFAULT_MM_PER_TIP), nanos::get);
    }

    private MockDigitalInput line(int pin) {
        return (MockDigitalInput) gpio.<DigitalInput>io(PulseDriver.inputId(pin));
    }

    /** A clean closing of the contact (falling) and its opening 50 ms later, starting {@code afterMs} from now. */
    private void tip(MockDigitalInput line, long afterMs) {
        nanos.addAndGet(afterMs * MS);
        line.mockState(DigitalState.LOW);
        nanos.addAndGet(50 * MS);
        line.mockState(DigitalState.HIGH);
    }

    private double read(PulseDriver driver) throws IOException {
        List<Measurement> values = driver.read();
        assertEquals(1, values.size());
        return values.get(0).value();
    }

    @Test
    void rainfallIsTipsSinceTheLastReadTimesMmPerTip() throws IOException {
        PulseDriver driver = rainGauge(Duration.ofMillis(5));
        driver.open(context);
        MockDigitalInput line = line(17);
        line.mockState(DigitalState.HIGH); // idle with the pull-up

        for (int i = 0; i < 3; i++) {
            tip(line, 2_000);
        }
        nanos.addAndGet(60_000 * MS);
        assertEquals(3 * 0.2794, read(driver), 1e-9);
        nanos.addAndGet(60_000 * MS);
        assertEquals(0.0, read(driver), "no tips, no rain");
        tip(line, 1_000);
        nanos.addAndGet(59_000 * MS);
        assertEquals(List.of(new Measurement(Quantity.RAINFALL, 0.2794)), driver.read());
        driver.close();
    }

    @Test
    void bouncesInsideTheWindowCountOnce() throws IOException {
        PulseDriver driver = rainGauge(Duration.ofMillis(5));
        driver.open(context);
        MockDigitalInput line = line(17);
        line.mockState(DigitalState.HIGH);
        nanos.addAndGet(1_000 * MS);
        for (int bounce = 0; bounce < 4; bounce++) {
            line.mockState(DigitalState.LOW);
            nanos.addAndGet(MS / 2);
            line.mockState(DigitalState.HIGH);
            nanos.addAndGet(MS / 2);
        }
        line.mockState(DigitalState.LOW);
        nanos.addAndGet(80 * MS);
        line.mockState(DigitalState.HIGH); // opening, with a bounce
        nanos.addAndGet(MS);
        line.mockState(DigitalState.LOW);
        nanos.addAndGet(MS);
        line.mockState(DigitalState.HIGH);
        nanos.addAndGet(60_000 * MS);
        assertEquals(0.2794, read(driver), 1e-9);
    }

    @Test
    void risingEdgeWithPullDown() throws IOException {
        PulseDriver driver = new PulseDriver(RAIN, new PulseInput(17, PulseInput.Edge.RISING, PulseInput.Pull.DOWN, Duration.ZERO),
                new RainGauge(1), nanos::get);
        driver.open(context);
        MockDigitalInput line = line(17);
        for (int i = 0; i < 4; i++) {
            nanos.addAndGet(1_000 * MS);
            line.mockState(DigitalState.HIGH);
            nanos.addAndGet(100 * MS);
            line.mockState(DigitalState.LOW);
        }
        nanos.addAndGet(60_000 * MS);
        assertEquals(4.0, read(driver), 1e-9);
    }

    @Test
    void noTipIsLostOrCountedTwiceWhileReadsRunConcurrently() throws Exception {
        PulseDriver driver = new PulseDriver(RAIN, new PulseInput(17, PulseInput.Edge.FALLING, PulseInput.Pull.UP, Duration.ZERO),
                new FlowMeter(1, 1e12), nanos::get);
        driver.open(context);
        MockDigitalInput line = line(17);
        line.mockState(DigitalState.HIGH);
        int pulses = 20_000;
        CountDownLatch done = new CountDownLatch(1);
        Thread edges = new Thread(() -> {
            for (int i = 0; i < pulses; i++) {
                line.mockState(DigitalState.LOW);
                line.mockState(DigitalState.HIGH);
            }
            done.countDown();
        });
        double litres = 0;
        edges.start();
        while (done.getCount() > 0) {
            nanos.addAndGet(60_000 * MS); // a minute a read, so l/min x 1 min = pulses at 1 pulse a litre
            litres += read(driver);
        }
        nanos.addAndGet(60_000 * MS);
        litres += read(driver);
        assertEquals(pulses, litres, 1e-6);
    }

    @Test
    void flowIsLitresPerMinuteOverTheInterval() throws IOException {
        PulseDriver driver = new PulseDriver(new SensorSpec("flow", "gpio:22", SerialSettings.DEFAULT_9600_8N1),
                new PulseInput(22, PulseInput.Edge.FALLING, PulseInput.Pull.UP, Duration.ZERO),
                new FlowMeter(FlowMeter.DEFAULT_PULSES_PER_LITRE, FlowMeter.DEFAULT_MAX_FLOW), nanos::get);
        driver.open(context);
        MockDigitalInput line = line(22);
        line.mockState(DigitalState.HIGH);
        // 10 l/min on a YF-S201 is 75 Hz: 750 pulses in 10 s
        for (int i = 0; i < 750; i++) {
            nanos.addAndGet(13 * MS);
            line.mockState(DigitalState.LOW);
            nanos.addAndGet(MS);
            line.mockState(DigitalState.HIGH);
        }
        nanos.addAndGet(10_000 * MS - 750 * 14 * MS);
        assertEquals(List.of(new Measurement(Quantity.FLOW, 10.0)), driver.read());
    }

    @Test
    void anImpossibleBurstOfTipsIsRejectedNamingThePin() throws IOException {
        PulseDriver driver = rainGauge(Duration.ZERO);
        driver.open(context);
        MockDigitalInput line = line(17);
        line.mockState(DigitalState.HIGH);
        for (int i = 0; i < 60; i++) {
            tip(line, 100);
        }
        nanos.addAndGet(60_000 * MS - 60 * 150 * MS);
        PulseBurstException e = assertThrows(PulseBurstException.class, driver::read);
        assertTrue(e.getMessage().startsWith("gpio:17: 60 tips in 60.0 s"), e.getMessage());
        nanos.addAndGet(60_000 * MS);
        assertEquals(0.0, read(driver), "the burst is dropped, not carried over");
    }

    @Test
    void closeReleasesThePinAndReopenStartsAFreshInterval() throws IOException {
        PulseDriver driver = rainGauge(Duration.ZERO);
        driver.open(context);
        line(17).mockState(DigitalState.HIGH);
        tip(line(17), 1_000);
        driver.close();
        assertTrue(!gpio.registry().exists(PulseDriver.inputId(17)));
        driver.open(context);
        line(17).mockState(DigitalState.HIGH);
        nanos.addAndGet(60_000 * MS);
        assertEquals(0.0, read(driver));
        driver.close();
        driver.close();
    }

    @Test
    void withoutAGpioPlatformOpenSaysWhatToConfigure() {
        PulseDriver driver = rainGauge(Duration.ZERO);
        IOException e = assertThrows(IOException.class, () -> driver.open(DriverContext.DIRECT));
        assertEquals("no GPIO platform configured: set gpio.platform in the config", e.getMessage());
    }

    @Test
    void providersTakePortGpioPinAndTheirOptions() {
        DriverRegistry registry = DriverRegistry.load();
        SensorDriverProvider rain = registry.find("rain-gauge").orElseThrow();
        SensorDriverProvider flow = registry.find("flow-meter").orElseThrow();
        assertEquals(Set.of("edge", "pull", "debounce", "mm-per-tip"), rain.optionKeys());
        assertEquals(Set.of("edge", "pull", "debounce", "pulses-per-litre", "max-flow"), flow.optionKeys());
        assertEquals(Set.of(Quantity.RAINFALL), rain.quantities());
        assertEquals(Set.of(Quantity.FLOW), flow.quantities());
        ValueRange rainRange = rain.range(Quantity.RAINFALL, new PulseOptions(Map.of()));
        assertTrue(!rainRange.contains(-0.1) && rainRange.contains(0) && rainRange.contains(1825) && !rainRange.contains(2001));
        assertEquals(new ValueRange(0, 60), flow.range(Quantity.FLOW, new PulseOptions(Map.of("max-flow", "40"))));

        rain.checkPort("gpio:0");
        rain.checkPort("gpio:27");
        for (String bad : List.of("gpio", "gpio:28", "gpio:-1", "GPIO17", "/dev/gpiochip0", "gpio:17:x")) {
            assertEquals("port", assertThrows(OptionException.class, () -> flow.checkPort(bad), bad).key());
        }

        PulseDriver defaults = (PulseDriver) rain.create(RAIN, new PulseOptions(Map.of()));
        assertEquals(new PulseInput(17, PulseInput.Edge.FALLING, PulseInput.Pull.UP, Duration.ofMillis(5)), defaults.input());
        assertEquals(new RainGauge(0.2794), defaults.conversion());

        PulseDriver configured = (PulseDriver) flow.create(new SensorSpec("f", "gpio:5", SerialSettings.DEFAULT_9600_8N1),
                new PulseOptions(Map.of("edge", "rising", "pull", "off", "debounce", "1ms", "pulses-per-litre", "98", "max-flow", "60")));
        assertEquals(new PulseInput(5, PulseInput.Edge.RISING, PulseInput.Pull.OFF, Duration.ofMillis(1)), configured.input());
        assertEquals(new FlowMeter(98, 60), configured.conversion());
        assertEquals(Duration.ZERO, ((PulseDriver) flow.create(RAIN, new PulseOptions(Map.of()))).input().debounce());

        assertEquals("mm-per-tip", assertThrows(OptionException.class,
                () -> rain.create(RAIN, new PulseOptions(Map.of("mm-per-tip", "0")))).key());
        assertEquals("debounce", assertThrows(OptionException.class,
                () -> rain.create(RAIN, new PulseOptions(Map.of("debounce", "5000ms")))).key());
        assertEquals("edge", assertThrows(OptionException.class,
                () -> rain.create(RAIN, new PulseOptions(Map.of("edge", "both")))).key());
        assertInstanceOf(PulseDriver.class, rain.create(RAIN, new PulseOptions(Map.of("pull", "down"))));
    }
}
