package org.envgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
import org.envgate.simulator.modbus.ModbusSondeTwin;
import org.envgate.testing.PtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code envgate probe} against twins on a real pseudo-terminal. */
class ProbeTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int probe(String... portAndOptions) {
        String[] args = new String[portAndOptions.length + 1];
        args[0] = "probe";
        System.arraycopy(portAndOptions, 0, args, 1, portAndOptions.length);
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Duration usualTimeout;

    /** Twins on a pty answer within milliseconds; the silent addresses then cost less. */
    @BeforeEach
    void quickerModbusAddresses() {
        usualTimeout = Probe.modbusTimeout;
        Probe.modbusTimeout = Duration.ofMillis(100);
    }

    @AfterEach
    void usualModbusAddresses() {
        Probe.modbusTimeout = usualTimeout;
    }

    /** A probe of a silent line waits out every address at every setting: a short wait keeps the test quick. */
    private int probeQuickly(String... portAndOptions) {
        Probe.modbusTimeout = Duration.ofMillis(20);
        return probe(portAndOptions);
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
                assertTrue(out().contains(model.equals("modbus") ? "found modbus: Modbus RTU slave at address 1, 19200 8E1"
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
    void aSilentPortIsAFaultWithAHintNamingExactlyWhatWasTried() throws Exception {
        try (PtyPair pty = PtyPair.start()) {
            assertEquals(1, probeQuickly(pty.b(), "--model", "modbus"));
            assertEquals(List.of("nothing answered on " + pty.b() + " (tried: modbus at 19200 8E1, 9600 8E1, 9600 8N1, "
                    + "19200 8N1, 4800 8N1, 38400 8N1, addresses 1-20, 247). Check power and wiring (sensor TX to the "
                    + "gateway's RX; A and B on RS-485), that no serial console uses the port, and give a sonde's own "
                    + "settings with --baud, --parity and --addresses."),
                    out().lines().filter(line -> !line.startsWith("modbus ")).toList());
            assertEquals(6 * 21, out().lines().filter(line -> line.startsWith("modbus ")).count(), out());
        }
    }

    @Test
    void onlyModelsThatCanAnswerOnASerialOrTcpPortAreTriedAndListed() {
        for (String port : new String[] {"/dev/ttyUSB0", "tcp://10.0.0.7:4001"}) {
            String tried = Probe.tried(port, Probe.plan(port, Probe.Options.NONE));
            assertTrue(tried.contains("pms5003") && tried.contains("senseair-s8") && tried.contains("ezo-ph")
                    && tried.contains("sds011") && tried.contains("mhz19b") && tried.contains("maxbotix"), tried);
            assertTrue(tried.endsWith(port.startsWith("tcp") ? "; modbus over tcp, addresses 1-20, 247"
                    : "; modbus at 19200 8E1, 9600 8E1, 9600 8N1, 19200 8N1, 4800 8N1, 38400 8N1, addresses 1-20, 247"), tried);
            // GPIO, 1-wire and I2C models cannot answer there, and the line model has no probe.
            for (String model : new String[] {"rain-gauge", "flow-meter", "ds18b20", "bme280", "sht3x", "line"}) {
                assertFalse(Pattern.compile("(^|[ ,;])" + model + "[,; ]").matcher(tried).find(), model + " listed: " + tried);
            }
        }
        assertEquals("modbus over tcp, units 1-20, 247",
                Probe.tried("modbus-tcp://10.0.0.7:502", Probe.plan("modbus-tcp://10.0.0.7:502", Probe.Options.NONE)));
    }

    @Test
    void aSondeAt19200EvenParityAndAnAddressAboveTenIsFoundByAPlainProbe() throws Exception {
        ModbusSondeTwin sonde = new ModbusSondeTwin(TwinOptions.defaults(), 12, ModbusSondeTwin.DEMO_MAP, ZoneOffset.UTC);
        try (PtyPair pty = PtyPair.start();
             TwinServer twin = TwinServer.serial(sonde, pty.a(), new SerialSettings(19200, 8, SerialSettings.Parity.EVEN, 1))) {
            assertEquals(0, probe(pty.b()), out());
            List<String> lines = out().lines().toList();
            String found = "  found modbus: Modbus RTU slave at address 12, 19200 8E1 (configure it as model modbus, "
                    + "address: 12, baud: 19200, parity: even)";
            assertTrue(lines.contains(found), out());
            // Reported as it answers, before the rest of the addresses at that setting are asked.
            int at = lines.indexOf(found);
            assertEquals("modbus 19200 8E1 address 12 (12/21) on " + pty.b(), lines.get(at - 1), out());
            assertEquals("modbus 19200 8E1 address 247 (21/21) on " + pty.b(), lines.get(lines.size() - 1), out());
            // The line answered at 19200 8E1: no other setting is tried.
            assertFalse(out().contains("9600 8E1"), out());
        }
    }

    @Test
    void optionsNarrowTheSearchAndPlainProgressIsOneLinePerStep() throws Exception {
        ModbusSondeTwin sonde = new ModbusSondeTwin(TwinOptions.defaults(), 30, ModbusSondeTwin.DEMO_MAP, ZoneOffset.UTC);
        try (PtyPair pty = PtyPair.start();
             TwinServer twin = TwinServer.serial(sonde, pty.a(), SerialSettings.DEFAULT_9600_8N1)) {
            assertEquals(0, probe(pty.b(), "--baud", "9600", "--parity", "none", "--addresses", "29-30"), out());
            assertEquals(List.of("modbus 9600 8N1 address 29 (1/2) on " + pty.b(),
                    "modbus 9600 8N1 address 30 (2/2) on " + pty.b(),
                    "  found modbus: Modbus RTU slave at address 30, 9600 8N1 (configure it as model modbus, address: 30, "
                            + "baud: 9600, parity: none)"), out().lines().toList());
            assertTrue(out().chars().noneMatch(c -> Character.isISOControl(c) && c != '\n'), out());
            out.reset();
            assertEquals(1, probe(pty.b(), "--model", "senseair-s8"), out());
            assertEquals(List.of("senseair-s8 9600 8N1 on " + pty.b(), "nothing answered on " + pty.b()
                    + " (tried: senseair-s8 at 9600 8N1). Check power and wiring (sensor TX to the gateway's RX; A and B on "
                    + "RS-485), that no serial console uses the port, and give a sonde's own settings with --baud, --parity "
                    + "and --addresses."), out().lines().toList());
            out.reset();
            assertEquals(1, probeQuickly(pty.b(), "--parity", "odd", "--address", "3"), out());
            assertTrue(out().contains("(tried: modbus at 19200 8O1, 9600 8O1, 4800 8O1, 38400 8O1, addresses 3)"), out());
        }
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheOption() throws Exception {
        String[][] cases = {
                {"/dev/ttyUSB0", "--baud", "fast"}, {"--baud must be a baud rate such as 9600 or 19200, not 'fast'"},
                {"/dev/ttyUSB0", "--parity", "mark"}, {"--parity must be none, even or odd, not 'mark'"},
                {"/dev/ttyUSB0", "--address", "x1"}, {"--address must be a slave address from 1 to 247"},
                {"/dev/ttyUSB0", "--address", "0"}, {"--address must be within 1-247 (slave addresses)"},
                {"/dev/ttyUSB0", "--addresses", "20-10"}, {"--addresses must run from the lower address to the higher, not '20-10'"},
                {"/dev/ttyUSB0", "--addresses", "7"}, {"--addresses must be a range A-B such as 1-247, not '7'"},
                {"/dev/ttyUSB0", "--address", "1", "--addresses", "1-4"}, {"probe takes --address A or --addresses A-B, not both"},
                {"/dev/ttyUSB0", "--model", "bme280"}, {"--model bme280 cannot answer on /dev/ttyUSB0 (an I2C model: probe i2c:<bus>)"},
                {"/dev/ttyUSB0", "--model", "rain-gauge"}, {"--model rain-gauge cannot answer on /dev/ttyUSB0"},
                {"/dev/ttyUSB0", "--model", "nosuch"}, {"--model 'nosuch' is not a model; models: "},
                {"/dev/ttyUSB0", "--model", "pms5003", "--address", "3"}, {"--address and --addresses are for model modbus, not pms5003"},
                {"/dev/ttyUSB0", "--model", "pms5003", "--baud", "19200"}, {"no model probed on /dev/ttyUSB0 speaks --baud 19200 (pms5003 speaks 9600 8N1)"},
                {"/dev/ttyUSB0", "--speed", "9600"}, {"probe takes --baud N, --parity none|even|odd, --address A, --addresses A-B and --model M, not '--speed'"},
                {"/dev/ttyUSB0", "--baud"}, {"probe --baud needs a value"},
                {"tcp://127.0.0.1:4001", "--baud", "9600"}, {"--baud and --parity do not apply to tcp://127.0.0.1:4001"},
                {"i2c:1", "--address", "3"}, {"--baud, --parity, --address and --addresses do not apply to an I2C bus"},
        };
        for (int i = 0; i < cases.length; i += 2) {
            err.reset();
            assertEquals(2, probe(cases[i]), String.join(" ", cases[i]) + ": " + err);
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("envgate: " + cases[i + 1][0]), err.toString(StandardCharsets.UTF_8));
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
