package org.envgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.envgate.drivers.modbus.RegisterOrder;
import org.envgate.drivers.modbus.RegisterType;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinServer;
import org.envgate.simulator.modbus.DailySignal;
import org.envgate.simulator.modbus.ModbusSondeTwin;
import org.envgate.simulator.modbus.ModbusTcpTwin;
import org.envgate.simulator.modbus.SondeRegister;
import org.envgate.testing.PtyPair;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code envgate modbus read} against a sonde twin on a pseudo-terminal and over Modbus TCP. */
class ModbusReadTest {

    /** Slave 5: an int16 of -1234 at holding register 0, then a float32 of 420.5 in registers 1-2, words swapped. */
    private static final List<SondeRegister> MAP = List.of(
            new SondeRegister(3, 0x0000, RegisterType.INT16, RegisterOrder.ABCD, 1, 0, Quantity.TEMPERATURE,
                    new DailySignal(-1234, 0, 0, 0), 0),
            new SondeRegister(3, 0x0001, RegisterType.FLOAT32, RegisterOrder.CDAB, 1, 0, Quantity.CONDUCTIVITY,
                    new DailySignal(420.5, 0, 0, 0), 0));

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int modbus(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "modbus";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static ModbusSondeTwin sonde() {
        return new ModbusSondeTwin(TwinOptions.defaults(), 5, MAP, ZoneOffset.UTC);
    }

    /** The line of the 32-bit table for a pair of registers read in one order, {@code value} the bytes A, B, C, D. */
    private static String pair(String registers, String order, int value) {
        return String.format("%-12s %-5s %11d %12d %16s", registers, order, Integer.toUnsignedLong(value), value,
                ModbusRead.floatText(Float.intBitsToFloat(value)));
    }

    @Test
    void printsEveryWordAndEveryTypeInEachByteOrder() throws Exception {
        SerialSettings line = new SerialSettings(19200, 8, SerialSettings.Parity.EVEN, 1);
        try (PtyPair pty = PtyPair.start(); TwinServer twin = TwinServer.serial(sonde(), pty.a(), line)) {
            assertEquals(0, modbus("read", pty.b(), "--address", "5", "--register", "0", "--count", "3",
                    "--baud", "19200", "--parity", "even"), out() + err);
            List<String> lines = out().lines().toList();
            assertEquals(pty.b() + ": slave 5: read holding registers 0x0000 (3) at 19200 8E1", lines.get(0));
            // -1234 is 0xfb2e; 420.5 is 0x43d24000, its low word first (CDAB).
            assertTrue(lines.contains("0 (0x0000)       0xfb2e   64302   -1234     12027    12027  "), out());
            assertTrue(lines.contains("1 (0x0001)       0x4000   16384   16384        64       64  "), out());
            assertTrue(lines.contains("2 (0x0002)       0x43d2   17362   17362     53827   -11709  "), out());
            assertTrue(lines.contains(pair("1-2", "ABCD", 0x400043d2)), out());
            assertTrue(lines.contains(pair("1-2", "CDAB", 0x43d24000)), out());
            assertTrue(lines.contains(pair("1-2", "BADC", 0x0040d243)), out());
            assertTrue(lines.contains(pair("1-2", "DCBA", 0xd2430040)), out());
            assertTrue(lines.contains(pair("0-1", "ABCD", 0xfb2e4000)), out());
            assertTrue(pair("1-2", "CDAB", 0x43d24000).endsWith(" 420.5"), out());
        }
    }

    @Test
    void readsInputRegistersOfAUnitOverModbusTcp() throws Exception {
        List<SondeRegister> inputs = List.of(new SondeRegister(4, 0x0010, RegisterType.UINT16, RegisterOrder.ABCD, 1, 0,
                Quantity.DISSOLVED_OXYGEN, new DailySignal(650, 0, 0, 0), 0));
        ModbusTcpTwin device = new ModbusTcpTwin(List.of(new ModbusSondeTwin(TwinOptions.defaults(), 5, inputs, ZoneOffset.UTC)));
        try (TwinServer server = TwinServer.tcp(device, "127.0.0.1", 0)) {
            String port = server.gatewayPort().replace("tcp://", "modbus-tcp://");
            assertEquals(0, modbus("read", port, "--address", "5", "--register", "0x10", "--count", "1", "--function", "4"),
                    out() + err);
            assertEquals(List.of(port + ": unit 5: read input registers 0x0010 (1)",
                    "16-bit values (type: uint16 or int16; BA: the bytes swapped, as orders BADC and DCBA read them):",
                    "register         hex     uint16   int16 uint16 BA int16 BA  text",
                    "16 (0x0010)      0x028a     650     650     35330   -30206  "), out().lines().toList());
        }
    }

    @Test
    void anExceptionAndASilentSlaveAreNamedWithPortAddressAndRegister() throws Exception {
        try (PtyPair pty = PtyPair.start();
             TwinServer twin = TwinServer.serial(sonde(), pty.a(), SerialSettings.DEFAULT_9600_8N1)) {
            assertEquals(1, modbus("read", pty.b(), "--address", "5", "--register", "0x0100", "--count", "2"), out());
            assertEquals(pty.b() + ": slave 5: read holding registers 0x0100 (2): exception 02 ILLEGAL DATA ADDRESS "
                    + "(function 03) (the slave has no such registers, or does not read them together: try fewer with "
                    + "--count, another --register, or --function 4)", out().strip());
            out.reset();
            assertEquals(1, modbus("read", pty.b(), "--address", "6", "--register", "0", "--count", "1"), out());
            assertEquals(pty.b() + ": slave 6: read holding registers 0x0000 (1): no answer within 1000 ms; check the "
                    + "slave address, A/B wiring, baud rate and power (line 9600 8N1; envgate probe " + pty.b()
                    + " finds a slave's address and settings)", out().strip());
        }
    }

    @Test
    void aPortARunningGatewayHoldsIsNotOpened() throws Exception {
        Path lockDir = Path.of("/run/lock");
        Assumptions.assumeTrue(Files.isWritable(lockDir), "needs the serial lock folder /run/lock");
        Process gateway = new ProcessBuilder("bash", "-c", "exec -a envgate sleep 60").start();
        try (PtyPair pty = PtyPair.start()) {
            Path lock = lockDir.resolve("LCK.." + Path.of(pty.b()).toRealPath().toString()
                    .substring("/dev/".length()).replace('/', '_'));
            Files.writeString(lock, String.format("%10d%n", gateway.pid()));
            try {
                assertEquals(1, modbus("read", pty.b(), "--address", "1", "--register", "0", "--count", "1"), out());
                assertTrue(out().startsWith(pty.b() + ": held by envgate, pid " + gateway.pid()), out());
            } finally {
                Files.deleteIfExists(lock);
            }
        } finally {
            gateway.destroy();
        }
    }

    @Test
    void badUsageNamesTheOptionAndHelpIsNotAnError() {
        String[][] cases = {
                {"read", "/dev/ttyUSB0", "--register", "0", "--count", "1"}, {"modbus read needs --address"},
                {"read", "/dev/ttyUSB0", "--address", "1", "--count", "1"}, {"modbus read needs --register"},
                {"read", "/dev/ttyUSB0", "--address", "1", "--register", "0"}, {"modbus read needs --count"},
                {"read", "/dev/ttyUSB0", "--address", "1", "--register", "0", "--count", "126"}, {"--count must be 1 to 125 registers, not '126'"},
                {"read", "/dev/ttyUSB0", "--address", "1", "--register", "x", "--count", "1"}, {"--register must be a register address from 0 to 65535"},
                {"read", "/dev/ttyUSB0", "--address", "0", "--register", "0", "--count", "1"}, {"--address must be a slave address from 1 to 247 on a serial line, not 0"},
                {"read", "/dev/ttyUSB0", "--address", "1", "--register", "0", "--count", "1", "--function", "6"}, {"--function must be 3 (holding registers) or 4 (input registers), not '6'"},
                {"read", "/dev/ttyUSB0", "--address", "1", "--register", "65535", "--count", "2"}, {"--register 65535 --count 2 runs past register 65535"},
                {"read", "tcp://127.0.0.1:4001", "--address", "1", "--register", "0", "--count", "1", "--parity", "even"}, {"--baud and --parity do not apply to tcp://127.0.0.1:4001"},
                {"write", "/dev/ttyUSB0"}, {"expected modbus read PORT --address A --register R --count N"},
        };
        for (int i = 0; i < cases.length; i += 2) {
            err.reset();
            assertEquals(2, modbus(cases[i]), String.join(" ", cases[i]) + ": " + err);
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("envgate: " + cases[i + 1][0]), err.toString(StandardCharsets.UTF_8));
        }
        assertEquals(0, modbus("read", "--help"));
        assertTrue(out().startsWith("usage: envgate modbus read PORT --address A --register R --count N"), out());
    }
}
