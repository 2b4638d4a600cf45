package org.envgate.drivers.modbus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.Resolution;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.ValueRange;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;

/**
 * Model {@code modbus}: any Modbus RTU slave on RS-485 (water-quality sondes, pH, conductivity,
 * oxygen probes) read through a register map in the config, or a Modbus TCP device
 * ({@code port: modbus-tcp://host:502}, e.g. sondes behind an Ethernet gateway).
 */
public final class ModbusDriverProvider implements SensorDriverProvider {

    public static final String ADDRESS = "address";
    public static final String REGISTERS = "registers";
    public static final String RESPONSE_TIMEOUT = "response-timeout";
    public static final String TRIGGER_REGISTER = "trigger-register";
    public static final String TRIGGER_VALUE = "trigger-value";
    public static final String SETTLE = "settle";
    /** The former name of {@link #SETTLE}: still a known key, so that a config using it is told the new name. */
    static final String TRIGGER_WAIT = "trigger-wait";
    public static final String MAX_REGISTERS_PER_REQUEST = "max-registers-per-request";
    public static final String MAX_GAP = "max-gap";
    public static final String UNIT_ID = "unit-id";

    /** Slaves answer within tens of milliseconds; a second leaves room for slow probes and device servers. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(1);
    /** Longest settle: the bus is held meanwhile, and a read must end well within the poller's limit. */
    static final Duration MAX_SETTLE = Duration.ofMinutes(2);
    /**
     * Unused registers a read covers between two values: a few spare registers cost two bytes each
     * on the line, far less than another request; a slave that refuses them is read around.
     */
    public static final int DEFAULT_MAX_GAP = 10;
    /** Longest response timeout: a dead slave holds the whole bus this long on every read. */
    static final Duration MAX_RESPONSE_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String model() {
        return "modbus";
    }

    /** Whatever the register map names; any quantity can sit in a register. */
    @Override
    public Set<Quantity> quantities() {
        return EnumSet.allOf(Quantity.class);
    }

    /** The quantities the register map names. */
    @Override
    public Set<Quantity> quantities(DriverOptions options) {
        Set<Quantity> named = EnumSet.noneOf(Quantity.class);
        options.list(REGISTERS).stream().map(RegisterMapping::parse).forEach(m -> named.add(m.quantity()));
        return named;
    }

    /** The register's {@code min}/{@code max}; for a quantity no register reads, the widest span of {@link SondeRanges}. */
    @Override
    public ValueRange range(Quantity quantity, DriverOptions options) {
        // Every item parsed, not just up to the match: the config checks that each item's keys were all read.
        List<RegisterMapping> registers = options.list(REGISTERS).stream().map(RegisterMapping::parse).toList();
        return registers.stream().filter(m -> m.quantity() == quantity).map(RegisterMapping::range).findFirst()
                .orElse(SondeRanges.span(quantity));
    }

    /** The register's {@link RegisterMapping#resolution()}; for a quantity no register reads, the finest of {@link SondeRanges}. */
    @Override
    public Resolution resolution(Quantity quantity, DriverOptions options) {
        List<RegisterMapping> registers = options.list(REGISTERS).stream().map(RegisterMapping::parse).toList();
        return registers.stream().filter(m -> m.quantity() == quantity).map(RegisterMapping::resolution).findFirst()
                .orElse(SondeRanges.finest(quantity));
    }

    @Override
    public Set<String> optionKeys() {
        return Set.of(ADDRESS, REGISTERS, RESPONSE_TIMEOUT, TRIGGER_REGISTER, TRIGGER_VALUE, SETTLE, TRIGGER_WAIT,
                MAX_REGISTERS_PER_REQUEST, MAX_GAP, UNIT_ID);
    }

    /** The Modbus default for RTU is even parity, but most probes ship at 9600 8N1. */
    @Override
    public SerialSettings defaultSerialSettings() {
        return SerialSettings.DEFAULT_9600_8N1;
    }

    @Override
    public Duration defaultWarmUp() {
        return Duration.ZERO;
    }

    /** Slave addresses a probe through {@link #probe(Link)} asks: where sondes usually sit out of the box. */
    static final int PROBED_SLAVES = 10;
    /** Slaves answer within tens of milliseconds; a probe asks many addresses, so it waits less than a read. */
    public static final Duration PROBE_TIMEOUT = Duration.ofMillis(300);

    /**
     * Asks slaves 1 to {@value #PROBED_SLAVES} for holding register 0, reading only, at the
     * default line settings. A slave that answers, even with an exception, is there.
     */
    @Override
    public Optional<String> probe(Link link) throws IOException {
        RtuMaster master = new RtuMaster(defaultSerialSettings(), PROBE_TIMEOUT);
        List<String> found = new ArrayList<>();
        for (int slave = 1; slave <= PROBED_SLAVES; slave++) {
            ask(link, master, slave).ifPresent(found::add);
        }
        return found.isEmpty() ? Optional.empty()
                : Optional.of("Modbus RTU slaves at address " + String.join(", ", found) + " (configure them as model modbus)");
    }

    /**
     * Asks one slave (over Modbus TCP: one unit) for holding register 0, reading only: its address
     * when it answers, with the exception it answered with if any (it is there all the same);
     * empty when nothing answers, or when an Ethernet gateway says no device answers behind it.
     */
    public static Optional<String> ask(Link link, ModbusMaster master, int slave) throws IOException {
        try {
            master.transact(link, ModbusRequest.readHoldingRegisters(slave, 0, 1));
            return Optional.of(Integer.toString(slave));
        } catch (ModbusExceptionResponse answeredAnyway) {
            if (answeredAnyway.code() == GATEWAY_PATH_UNAVAILABLE || answeredAnyway.code() == GATEWAY_TARGET_FAILED) {
                return Optional.empty();
            }
            return Optional.of(slave + " (" + answeredAnyway.getMessage().replaceAll(".*exception ", "exception ") + ")");
        } catch (SensorTimeoutException silent) {
            return Optional.empty();
        }
    }

    private static final int GATEWAY_PATH_UNAVAILABLE = 0x0A;
    private static final int GATEWAY_TARGET_FAILED = 0x0B;

    /** Besides a device path and {@code tcp://host:port}, {@code modbus-tcp://host:port}. */
    @Override
    public void checkPort(String port) {
        if (!isModbusTcp(port)) {
            SensorDriverProvider.super.checkPort(port);
            return;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("modbus-tcp://[^:/\\s]+:(\\d{1,5})").matcher(port);
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535) {
            throw new OptionException("port", "'" + port + "' must be modbus-tcp://host:port with a port from 1 to 65535 (502 is Modbus TCP's)");
        }
    }

    private static boolean isModbusTcp(String port) {
        return port.regionMatches(true, 0, Links.MODBUS_TCP, 0, Links.MODBUS_TCP.length());
    }

    @Override
    public SensorDriver create(SensorSpec spec, DriverOptions options) {
        boolean tcp = isModbusTcp(spec.port());
        int address = tcp ? unitId(options) : slaveAddress(options);
        List<DriverOptions> items = options.list(REGISTERS);
        if (items.isEmpty()) {
            throw new OptionException(REGISTERS, REGISTERS + " is missing (required): list the registers to read");
        }
        List<RegisterMapping> registers = items.stream().map(RegisterMapping::parse).toList();
        Set<Quantity> mapped = EnumSet.noneOf(Quantity.class);
        for (int i = 0; i < registers.size(); i++) {
            if (!mapped.add(registers.get(i).quantity())) {
                // Two values of one quantity at one time would be one reading twice, each overwriting the other.
                throw new OptionException(items.get(i).keyPath(RegisterMapping.QUANTITY), registers.get(i).quantity().id()
                        + " is already read from another register of this sensor");
            }
        }
        Duration timeout = options.duration(RESPONSE_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(MAX_RESPONSE_TIMEOUT) > 0) {
            throw new OptionException(RESPONSE_TIMEOUT, RESPONSE_TIMEOUT + " must be longer than 0 and at most "
                    + MAX_RESPONSE_TIMEOUT.toSeconds() + "s");
        }
        ModbusDriver.Blocks blocks = blocks(options);
        for (int i = 0; i < registers.size(); i++) {
            if (registers.get(i).type().registers() > blocks.maxRegisters()) {
                throw new OptionException(items.get(i).keyPath(RegisterMapping.TYPE), "takes "
                        + registers.get(i).type().registers() + " registers, more than " + MAX_REGISTERS_PER_REQUEST);
            }
        }
        return new ModbusDriver(spec, address, registers, blocks, trigger(options),
                tcp ? new TcpMaster(timeout) : new RtuMaster(spec.serial(), timeout));
    }

    private static int slaveAddress(DriverOptions options) {
        if (options.text(UNIT_ID, null) != null) {
            throw new OptionException(UNIT_ID, UNIT_ID + " is for modbus-tcp:// ports; on a serial line set " + ADDRESS);
        }
        int address = options.integer(ADDRESS, -1);
        if (address == -1) {
            throw new OptionException(ADDRESS, ADDRESS + " is missing (required): the slave address, 1 to 247");
        }
        if (address < 1 || address > 247) {
            throw new OptionException(ADDRESS, ADDRESS + " must be a slave address from 1 to 247, got " + address);
        }
        return address;
    }

    private static int unitId(DriverOptions options) {
        if (options.text(ADDRESS, null) != null) {
            throw new OptionException(ADDRESS, ADDRESS + " is for serial lines; over modbus-tcp:// set " + UNIT_ID);
        }
        int unit = options.integer(UNIT_ID, -1);
        if (unit == -1) {
            throw new OptionException(UNIT_ID, UNIT_ID + " is missing (required): the unit id, 0 to 255 (behind an "
                    + "Ethernet gateway the slave's address; a device on TCP itself often 1 or 255)");
        }
        if (unit < 0 || unit > 255) {
            throw new OptionException(UNIT_ID, UNIT_ID + " must be 0 to 255, got " + unit);
        }
        return unit;
    }

    private static ModbusDriver.Blocks blocks(DriverOptions options) {
        int maxRegisters = options.integer(MAX_REGISTERS_PER_REQUEST, ModbusRequest.MAX_READ);
        if (maxRegisters < 1 || maxRegisters > ModbusRequest.MAX_READ) {
            throw new OptionException(MAX_REGISTERS_PER_REQUEST, MAX_REGISTERS_PER_REQUEST + " must be 1 to "
                    + ModbusRequest.MAX_READ + " (the Modbus limit), got " + maxRegisters);
        }
        int maxGap = options.integer(MAX_GAP, DEFAULT_MAX_GAP);
        if (maxGap < 0 || maxGap > ModbusRequest.MAX_READ - 2) {
            throw new OptionException(MAX_GAP, MAX_GAP + " must be 0 to " + (ModbusRequest.MAX_READ - 2) + ", got " + maxGap);
        }
        return new ModbusDriver.Blocks(maxRegisters, maxGap);
    }

    private static ModbusDriver.Trigger trigger(DriverOptions options) {
        if (options.text(TRIGGER_WAIT, null) != null) {
            throw new OptionException(TRIGGER_WAIT, TRIGGER_WAIT + " is now called " + SETTLE
                    + ": the pause after the trigger write, before the read");
        }
        if (options.text(TRIGGER_REGISTER, null) == null) {
            for (String key : List.of(TRIGGER_VALUE, SETTLE)) {
                if (options.text(key, null) != null) {
                    throw new OptionException(key, key + " needs " + TRIGGER_REGISTER);
                }
            }
            return null;
        }
        Duration settle = options.duration(SETTLE, DEFAULT_SETTLE);
        if (settle.isNegative() || settle.compareTo(MAX_SETTLE) > 0) {
            throw new OptionException(SETTLE, SETTLE + " must be 0 to " + MAX_SETTLE.toMinutes() + "m, got " + settle.toMillis() + " ms");
        }
        return new ModbusDriver.Trigger(RegisterMapping.address(options, TRIGGER_REGISTER, true, 0),
                RegisterMapping.address(options, TRIGGER_VALUE, false, 1), settle);
    }
}
