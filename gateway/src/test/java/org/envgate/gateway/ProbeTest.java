package org.envgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import com.pi4j.context.Context;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.link.GpioPlatforms;
import org.envgate.link.I2cPort;
import org.envgate.simulator.bme280.Bme280Twin;
import org.envgate.simulator.sht3x.Sht3xTwin;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinServer;
import org.envgate.testing.PtyPair;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code envgate probe} against twins on a real pseudo-terminal. */
class ProbeTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int probe(String port) {
        return Main.run(new String[] {"probe", port}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void findsAPms5003InActiveMode() throws Exception {
        try (PtyPair pty = PtyPair.start();
             TwinServer twin = TwinServer.serial(TwinProvider.all().get("pms5003").create(TwinOptions.defaults()),
                     pty.a(), SerialSettings.DEFAULT_9600_8N1)) {
            assertEquals(0, probe(pty.b()), out());
            assertTrue(out().contains("found plantower: Plantower PMS5003/PMS7003/PMS5003T (model pms5003, pms7003 or pms5003t), active mode, PM2.5 "), out());
        }
    }

    @Test
    void findsAPms5003InPassiveModeByAskingOnce() throws Exception {
        try (PtyPair pty = PtyPair.start();
             TwinServer twin = TwinServer.serial(TwinProvider.all().get("pms5003").create(TwinOptions.defaults()),
                     pty.a(), SerialSettings.DEFAULT_9600_8N1)) {
            try (Link gateway = Links.open(pty.b(), SerialSettings.DEFAULT_9600_8N1)) {
                gateway.write(new byte[] {0x42, 0x4D, (byte) 0xE1, 0x00, 0x00, 0x01, 0x70});
                Thread.sleep(300);
            }
            assertEquals(0, probe(pty.b()), out());
            assertTrue(out().contains("found plantower: Plantower PMS5003/PMS7003/PMS5003T (model pms5003, pms7003 or pms5003t), passive mode, PM2.5 "), out());
        }
    }

    @Test
    void findsModbusSlavesAndASenseairS8() throws Exception {
        for (String model : new String[] {"modbus", "senseair-s8"}) {
            out.reset();
            try (PtyPair pty = PtyPair.start();
                 TwinServer twin = TwinServer.serial(TwinProvider.all().get(model).create(TwinOptions.defaults()),
                         pty.a(), SerialSettings.DEFAULT_9600_8N1)) {
                assertEquals(0, probe(pty.b()), out());
                assertTrue(out().contains(model.equals("modbus") ? "found modbus: Modbus RTU slaves at address 1"
                        : "found senseair-s8: Senseair S8 (Modbus, any-address 0xFE), meter status 0x0, CO2 "), out());
            }
        }
    }

    @Test
    void namesTheEzoCircuitThatAnswers() throws Exception {
        try (PtyPair pty = PtyPair.start();
             TwinServer twin = TwinServer.serial(TwinProvider.all().get("ezo-do").create(TwinOptions.defaults()),
                     pty.a(), SerialSettings.DEFAULT_9600_8N1)) {
            assertEquals(0, probe(pty.b()), out());
            assertTrue(out().contains("found ezo: Atlas Scientific EZO DO circuit, firmware 2.12 (model ezo-do)"), out());
        }
    }

    @Test
    void anEzoCircuitProbedIsFoundAsItWasByCheckAfterwards(@TempDir Path dir) throws Exception {
        // The probe tries every model's bytes on the port; the circuit's input must not keep them.
        try (PtyPair pty = PtyPair.start();
             TwinServer twin = TwinServer.serial(TwinProvider.all().get("ezo-ph").create(TwinOptions.defaults()),
                     pty.a(), SerialSettings.DEFAULT_9600_8N1);
             EmbeddedBroker broker = EmbeddedBroker.start(0)) {
            assertEquals(0, probe(pty.b()), out());
            Path config = Files.writeString(dir.resolve("gateway.yaml"), """
                    gateway: {id: gw-probe}
                    storage: {path: "%s"}
                    mqtt: {url: "%s"}
                    sensors:
                      - {id: ph, model: ezo-ph, port: "%s"}
                    """.formatted(dir, broker.url(), pty.b()));
            out.reset();
            int checked = Main.run(new String[] {"check", "--config", config.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(0, checked, out());
            assertTrue(out().matches("(?s).*\\nph +ezo-ph +" + Pattern.quote(pty.b()) + " +OK +ph .*"), out());
        }
    }

    @Test
    void aPortARunningGatewayHoldsIsNotOpenedButNamed() throws Exception {
        Path lockDir = Path.of("/run/lock");
        Assumptions.assumeTrue(Files.isWritable(lockDir), "needs the serial lock folder /run/lock");
        // A process whose command line names envgate stands for the running gateway.
        Process gateway = new ProcessBuilder("bash", "-c", "exec -a envgate sleep 60").start();
        try (PtyPair pty = PtyPair.start()) {
            Path lock = lockDir.resolve("LCK.." + Path.of(pty.b()).toRealPath().toString()
                    .substring("/dev/".length()).replace('/', '_'));
            Files.writeString(lock, String.format("%10d%n", gateway.pid()));
            try {
                assertEquals(1, probe(pty.b()), out());
                assertTrue(out().contains(pty.b() + ": held by envgate, pid " + gateway.pid() + " (lock " + lock
                        + "); stop it first (sudo systemctl stop envgate), or see the readings on the status page"), out());
            } finally {
                Files.deleteIfExists(lock);
            }
        } finally {
            gateway.destroy();
        }
    }

    @Test
    void aSilentPortIsAFaultWithAHint() throws Exception {
        try (PtyPair pty = PtyPair.start()) {
            assertEquals(1, probe(pty.b()));
            assertTrue(out().contains("nothing answered on " + pty.b()), out());
            assertTrue(out().contains("Check power and wiring"), out());
        }
    }

    @Test
    void aMissingPortIsNamed() {
        assertEquals(1, probe("/dev/envgate-no-such-port"));
        assertTrue(out().contains("/dev/envgate-no-such-port: no such device"), out());
    }

    @Test
    void findsABme280AndAnSht3xOnAnI2cBusByChipIdAndStatusCrc() throws Exception {
        Context mock = GpioPlatforms.context("mock");
        try {
            Bme280Twin bme280 = new Bme280Twin(TwinOptions.defaults(), ZoneOffset.UTC, Clock.systemUTC());
            Sht3xTwin sht3x = new Sht3xTwin(TwinOptions.defaults(), ZoneOffset.UTC, Clock.systemUTC());
            bme280.attach(mock, new I2cPort(1, 0x77));
            sht3x.attach(mock, new I2cPort(1, 0x44));
            sht3x.attach(mock, new I2cPort(2, 0x45));
            List<String> tried = new ArrayList<>();
            Set<String> found = Probe.identifyI2c(mock, 1, tried::add);
            assertEquals(List.of("bme280: Bosch BME280 at 0x77 (model bme280), chip id 0x60",
                    "sht3x: Sensirion SHT3x at 0x44 (model sht3x), status 0x0000"), List.copyOf(found));
            assertEquals(List.of("trying bme280 at i2c:1:0x76 ...", "trying bme280 at i2c:1:0x77 ...",
                    "trying sht3x at i2c:1:0x44 ...", "trying sht3x at i2c:1:0x45 ..."), tried);
            assertEquals(0, Probe.reportI2c(1, found, new PrintStream(out, true, StandardCharsets.UTF_8)));
            assertTrue(out().contains("  found sht3x: Sensirion SHT3x at 0x44"), out());
        } finally {
            mock.shutdown();
        }
    }

    @Test
    void anEmptyI2cBusNamesTheModelsAndAddressesTried() throws Exception {
        Context mock = GpioPlatforms.context("mock");
        try {
            Set<String> found = Probe.identifyI2c(mock, 1, progress -> { });
            assertEquals(1, Probe.reportI2c(1, found, new PrintStream(out, true, StandardCharsets.UTF_8)));
            assertTrue(out().contains("nothing answered on i2c:1 (tried: bme280 at 0x76, 0x77; sht3x at 0x44, 0x45)."), out());
        } finally {
            mock.shutdown();
        }
    }

    @Test
    void anI2cBusWithoutItsDeviceFileOrWithAnAddressIsRefused() {
        assertEquals(1, probe("i2c:97"), out());
        assertTrue(out().contains("no /dev/i2c-97: enable I2C"), out());
        out.reset();
        assertEquals(2, probe("i2c:1:0x76"), out());
        assertTrue(out().contains("'i2c:1:0x76' must be i2c:<bus>, e.g. i2c:1 for /dev/i2c-1"), out());
    }
}
