package org.envgate.drivers.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.ValueOutOfRangeException;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.SerialSettings;
import org.envgate.testing.MapDriverOptions;
import org.envgate.testing.PtyPair;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

/** The line driver through a real pty pair: polled and listen-only instruments, bad lines, a hostile pattern. */
class LineDriverTest {

    private static final SerialSettings LINE = SerialSettings.DEFAULT_9600_8N1;

    /** An instrument that answers each command it reads with the next queued reply. */
    private static Thread instrument(Link link, BlockingQueue<String> replies) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[256];
            try {
                while (!replies.isEmpty()) {
                    if (link.read(buffer, 0, buffer.length, Duration.ofSeconds(5)) == 0) {
                        return;
                    }
                    link.write(replies.take().getBytes(StandardCharsets.ISO_8859_1));
                }
            } catch (IOException | InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "line-instrument");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static RangeCheckedDriver driver(PtyPair pty, Map<String, ?> options) {
        SensorDriverProvider provider = DriverRegistry.load().find("line").orElseThrow();
        return RangeCheckedDriver.create(provider, new SensorSpec("wx", pty.a(), LINE), new MapDriverOptions(options));
    }

    @Test
    void aPolledInstrumentIsAskedAndItsLineReadSkippingItsEchoAndRangeChecked() throws Exception {
        try (PtyPair pty = PtyPair.start(); Link wire = Links.open(pty.b(), LINE);
             RangeCheckedDriver driver = driver(pty, Map.of("command", "0R0", "timeout", "2s",
                     "pattern", "Ta=(?<temperature>[-0-9.]+)C,Ua=(?<humidity>[0-9.]+)P",
                     "fields", Map.of("temperature", Map.of("unit", "Cel", "range", List.of("-52", "60")),
                             "humidity", Map.of("unit", "%RH"))))) {
            driver.open(DriverContext.DIRECT);
            Thread sensor = instrument(wire, new LinkedBlockingQueue<>(List.of(
                    "0R0\r\n0R0,Ta=9.04C,Ua=88.6P\r\n",
                    "0R0,Ta=71.0C,Ua=10.0P\r\n")));
            List<Measurement> values = driver.read();
            assertEquals(java.util.Set.of(new Measurement(Quantity.TEMPERATURE, 9.04), new Measurement(Quantity.HUMIDITY, 88.6)),
                    java.util.Set.copyOf(values));
            assertEquals(1, driver.counters().malformed(), "the echo of the command is a frame error");
            ValueOutOfRangeException e = assertThrows(ValueOutOfRangeException.class, driver::read);
            assertTrue(e.getMessage().contains("temperature = 71 Cel is outside the line's range (-52 to 60 Cel)"),
                    e.getMessage());
            sensor.join(5000);
        }
    }

    @Test
    void aListenOnlyInstrumentThatSaysNothingTimesOutNamingThePort() throws Exception {
        try (PtyPair pty = PtyPair.start(); Link wire = Links.open(pty.b(), LINE);
             RangeCheckedDriver driver = driver(pty, Map.of("timeout", "300ms", "delimiter", ",",
                     "fields", Map.of("ph", Map.of("index", "1", "unit", "pH"))))) {
            driver.open(DriverContext.DIRECT);
            SensorTimeoutException silent = assertThrows(SensorTimeoutException.class, driver::read);
            assertTrue(silent.getMessage().startsWith("no line fitting the format from " + pty.a()
                    + " within 300 ms: nothing received"), silent.getMessage());

            Thread later = new Thread(() -> {
                try {
                    Thread.sleep(100);
                    wire.write("ph,x\r\nnoise without an end".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException | InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            later.start();
            SensorTimeoutException bad = assertThrows(SensorTimeoutException.class, driver::read);
            assertTrue(bad.getMessage().contains("bytes received, 1 lines, 1 not fitting the format, 0 longer than the bound; "
                    + "last: ph: 'x' is not a number in: ph,x"), bad.getMessage());
            later.join();
        }
    }

    /**
     * A pattern that backtracks catastrophically on a long line of x's: the read after it still
     * returns the next good line, within the read's own timeout, so the sensor's loop goes on.
     */
    @Test
    void aCatastrophicPatternDoesNotStallTheSensorLoop() throws Exception {
        try (PtyPair pty = PtyPair.start(); Link wire = Links.open(pty.b(), LINE);
             RangeCheckedDriver driver = driver(pty, Map.of("command", "?", "command-end", "cr", "timeout", "10s", "max-line", "8192",
                     "pattern", "^(?:(x+x+)+y|T=(?<temperature>[0-9.]+))$",
                     "fields", Map.of("temperature", Map.of("unit", "Cel"))))) {
            driver.open(DriverContext.DIRECT);
            Thread sensor = instrument(wire, new LinkedBlockingQueue<>(List.of("x".repeat(4000) + "\r\nT=21.5\r\n")));
            assertEquals(List.of(new Measurement(Quantity.TEMPERATURE, 21.5)), driver.read());
            assertEquals(1, driver.counters().malformed());
            assertEquals(1, driver.counters().good());
            sensor.join(5000);
        }
    }
}
