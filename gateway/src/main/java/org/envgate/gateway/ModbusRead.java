package org.envgate.gateway;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.envgate.common.LogText;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.modbus.ModbusDriverProvider;
import org.envgate.drivers.modbus.ModbusExceptionResponse;
import org.envgate.drivers.modbus.ModbusMaster;
import org.envgate.drivers.modbus.ModbusRequest;
import org.envgate.drivers.modbus.RegisterOrder;
import org.envgate.drivers.modbus.RegisterType;
import org.envgate.drivers.modbus.RegisterValue;
import org.envgate.drivers.modbus.RtuMaster;
import org.envgate.drivers.modbus.TcpMaster;
import org.envgate.gateway.Main.UsageException;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.SerialSettings;
import org.envgate.link.SerialSettings.Parity;

/**
 * {@code envgate modbus read PORT --address A --register R --count N}: reads registers once and
 * prints each word, and every value the drivers' register map could make of them (each type in
 * each byte order), so that a technician can work out a sonde's map on site. RTU on a serial
 * port or behind a serial device server ({@code tcp://}), Modbus TCP on {@code modbus-tcp://}.
 */
final class ModbusRead {

    private ModbusRead() {
    }

    /** What to read, where. */
    record Request(String port, SerialSettings settings, int address, int function, int register, int count) {

        static Request parse(List<String> args) {
            if (args.isEmpty() || !args.get(0).equals("read")) {
                throw new UsageException("expected modbus read PORT --address A --register R --count N");
            }
            String port = null;
            Integer address = null;
            Integer register = null;
            Integer count = null;
            int function = ModbusRequest.READ_HOLDING_REGISTERS;
            Optional<Integer> baud = Optional.empty();
            Optional<Parity> parity = Optional.empty();
            for (int i = 1; i < args.size(); i++) {
                String arg = args.get(i);
                if (!arg.startsWith("--")) {
                    if (port != null) {
                        throw new UsageException("modbus read takes one PORT, got '" + LogText.untrusted(port) + "' and '"
                                + LogText.untrusted(arg) + "'");
                    }
                    port = arg;
                    continue;
                }
                if (i + 1 == args.size()) {
                    throw new UsageException("modbus read " + LogText.untrusted(arg) + " needs a value");
                }
                String value = args.get(++i);
                switch (arg) {
                    case "--address" -> address = number(arg, value, 0, Probe.MAX_UNIT,
                            "a slave address from 1 to 247 (a unit id from 0 to 255 on modbus-tcp://)");
                    case "--register" -> register = number(arg, value, 0, 0xFFFF,
                            "a register address from 0 to 65535, decimal or 0x hex, counted from 0 as on the wire");
                    case "--count" -> count = number(arg, value, 1, ModbusRequest.MAX_READ,
                            "1 to " + ModbusRequest.MAX_READ + " registers");
                    case "--function" -> {
                        if (!value.equals("3") && !value.equals("4")) {
                            throw new UsageException("--function must be 3 (holding registers) or 4 (input registers), not '"
                                    + LogText.untrusted(value) + "'");
                        }
                        function = Integer.parseInt(value);
                    }
                    case "--baud" -> baud = Optional.of(number(arg, value, 300, 4_000_000, "a baud rate such as 9600 or 19200"));
                    case "--parity" -> parity = Optional.of(switch (value) {
                        case "none" -> Parity.NONE;
                        case "even" -> Parity.EVEN;
                        case "odd" -> Parity.ODD;
                        default -> throw new UsageException("--parity must be none, even or odd, not '"
                                + LogText.untrusted(value) + "'");
                    });
                    default -> throw new UsageException("modbus read takes --address A, --register R, --count N, "
                            + "--function 3|4, --baud N and --parity none|even|odd, not '" + LogText.untrusted(arg) + "'");
                }
            }
            if (port == null) {
                throw new UsageException("expected modbus read PORT, e.g. modbus read /dev/ttyUSB0 --address 1 --register 0 --count 2");
            }
            for (String[] required : new String[][] {{"--address", String.valueOf(address)}, {"--register", String.valueOf(register)},
                    {"--count", String.valueOf(count)}}) {
                if (required[1].equals("null")) {
                    throw new UsageException("modbus read needs " + required[0]);
                }
            }
            boolean tcp = port.regionMatches(true, 0, "tcp:", 0, 4) || isModbusTcp(port);
            if (tcp && (baud.isPresent() || parity.isPresent())) {
                throw new UsageException("--baud and --parity do not apply to " + LogText.untrusted(port)
                        + ": a serial device server or Modbus TCP device has its own line settings");
            }
            if (!isModbusTcp(port) && (address < 1 || address > Probe.MAX_SLAVE)) {
                throw new UsageException("--address must be a slave address from 1 to " + Probe.MAX_SLAVE + " on a serial line, not "
                        + address);
            }
            if (register + count > 0x10000) {
                throw new UsageException("--register " + register + " --count " + count + " runs past register 65535");
            }
            SerialSettings defaults = SerialSettings.DEFAULT_9600_8N1;
            SerialSettings settings = new SerialSettings(baud.orElse(defaults.baud()), 8, parity.orElse(defaults.parity()), 1);
            return new Request(port, settings, address, function, register, count);
        }

        private static int number(String option, String value, int min, int max, String what) {
            try {
                int number = value.regionMatches(true, 0, "0x", 0, 2) ? Integer.parseInt(value.substring(2), 16)
                        : Integer.parseInt(value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new UsageException(option + " must be " + what + ", not '" + LogText.untrusted(value) + "'");
        }
    }

    static int run(List<String> args, PrintStream out) {
        Request request = Request.parse(args);
        ModbusRequest read = ModbusRequest.read(request.address(), request.function(), request.register(), request.count());
        boolean tcp = isModbusTcp(request.port());
        int[] words;
        try (Link link = Links.open(request.port(), request.settings())) {
            ModbusMaster master = tcp ? new TcpMaster(ModbusDriverProvider.DEFAULT_RESPONSE_TIMEOUT)
                    : new RtuMaster(request.settings(), ModbusDriverProvider.DEFAULT_RESPONSE_TIMEOUT);
            words = master.transact(link, read);
        } catch (ModbusExceptionResponse e) {
            out.println(e.getMessage() + exceptionHint(e.code(), request.function()));
            return Main.FAULT;
        } catch (SensorTimeoutException e) {
            out.println(e.getMessage() + (tcp ? "" : " (line " + request.settings() + "; envgate probe "
                    + LogText.untrusted(request.port()) + " finds a slave's address and settings)"));
            return Main.FAULT;
        } catch (IOException e) {
            out.println(e.getMessage());
            return Main.FAULT;
        }
        print(request, read, words, out);
        return Main.OK;
    }

    private static String exceptionHint(int code, int function) {
        return switch (code) {
            case ModbusExceptionResponse.ILLEGAL_DATA_ADDRESS -> " (the slave has no such registers, or does not read them"
                    + " together: try fewer with --count, another --register, or --function " + (function == 3 ? 4 : 3) + ")";
            case 0x01 -> " (the slave does not read " + (function == 3 ? "holding" : "input") + " registers: try --function "
                    + (function == 3 ? 4 : 3) + ")";
            default -> "";
        };
    }

    /** The words, then the 32-bit values of each pair of neighbouring registers, each in every type and order. */
    static void print(Request request, ModbusRequest read, int[] words, PrintStream out) {
        out.println(LogText.untrusted(request.port()) + ": " + (isModbusTcp(request.port()) ? "unit " : "slave ")
                + request.address() + ": " + read.describe()
                + (request.port().regionMatches(true, 0, "/", 0, 1) ? " at " + request.settings() : ""));
        out.println("16-bit values (type: uint16 or int16; BA: the bytes swapped, as orders BADC and DCBA read them):");
        out.printf("%-16s %-6s %7s %7s %9s %8s  %s%n", "register", "hex", "uint16", "int16", "uint16 BA", "int16 BA", "text");
        for (int i = 0; i < words.length; i++) {
            int register = request.register() + i;
            out.printf("%-16s 0x%04x %7d %7d %9d %8d  %s%n", register + String.format(" (0x%04x)", register), words[i],
                    (long) RegisterValue.raw(words, i, RegisterType.UINT16, RegisterOrder.ABCD),
                    (long) RegisterValue.raw(words, i, RegisterType.INT16, RegisterOrder.ABCD),
                    (long) RegisterValue.raw(words, i, RegisterType.UINT16, RegisterOrder.BADC),
                    (long) RegisterValue.raw(words, i, RegisterType.INT16, RegisterOrder.BADC), printable(words[i]));
        }
        if (words.length < 2) {
            return;
        }
        out.println();
        out.println("32-bit values (type: uint32, int32 or float32; order: as the register map's order key):");
        out.printf("%-12s %-5s %11s %12s %16s%n", "registers", "order", "uint32", "int32", "float32");
        for (int i = 0; i + 1 < words.length; i++) {
            String pair = (request.register() + i) + "-" + (request.register() + i + 1);
            for (RegisterOrder order : RegisterOrder.values()) {
                out.printf("%-12s %-5s %11d %12d %16s%n", pair, order.name(),
                        (long) RegisterValue.raw(words, i, RegisterType.UINT32, order),
                        (long) RegisterValue.raw(words, i, RegisterType.INT32, order),
                        floatText((float) RegisterValue.raw(words, i, RegisterType.FLOAT32, order)));
            }
        }
    }

    /** A float as short as it reads back exactly; very large and very small ones in powers of ten. */
    static String floatText(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value) || value == 0) {
            return Float.toString(value);
        }
        float magnitude = Math.abs(value);
        return magnitude >= 1e-4f && magnitude < 1e9f ? new java.math.BigDecimal(Float.toString(value)).toPlainString()
                : String.format(Locale.ROOT, "%.6e", value);
    }

    /** The word's two bytes as text where both are printable ASCII (a serial number, a firmware name), else blank. */
    private static String printable(int word) {
        char high = (char) (word >>> 8);
        char low = (char) (word & 0xFF);
        return high >= 0x20 && high < 0x7F && low >= 0x20 && low < 0x7F ? "\"" + high + low + "\"" : "";
    }

    private static boolean isModbusTcp(String port) {
        return port.regionMatches(true, 0, Links.MODBUS_TCP, 0, Links.MODBUS_TCP.length());
    }
}
