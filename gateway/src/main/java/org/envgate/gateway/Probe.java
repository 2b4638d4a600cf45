package org.envgate.gateway;

import com.pi4j.context.Context;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.envgate.common.LogText;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.I2cDriverProvider;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.modbus.ModbusDriverProvider;
import org.envgate.drivers.modbus.ModbusMaster;
import org.envgate.drivers.modbus.RtuMaster;
import org.envgate.drivers.modbus.TcpMaster;
import org.envgate.gateway.Main.UsageException;
import org.envgate.gateway.cli.Progress;
import org.envgate.link.GpioPlatforms;
import org.envgate.link.I2cDevice;
import org.envgate.link.I2cNoAnswerException;
import org.envgate.link.I2cPort;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.PortAccessDeniedException;
import org.envgate.link.PortBusyException;
import org.envgate.link.PortNotFoundException;
import org.envgate.link.SerialSettings;
import org.envgate.link.SerialSettings.Parity;

/**
 * {@code envgate probe PORT [options]}: which known sensor answers on a port. Only models that can
 * sit on that kind of port are tried. Modbus slaves at each address of a range are asked at the
 * Modbus default line setting first, then the models with line settings of their own, each with
 * its own safe query at its datasheet settings, sharing one opening of the port; then Modbus at
 * the other line settings, in the order the Modbus over Serial Line specification gives
 * ({@link #MODBUS_LINE_SETTINGS}). A line runs at one setting: once something answers at one, the
 * others are not tried. Each answer is printed as it comes. On an I2C bus ({@code i2c:1}) each I2C
 * model reads at its usual addresses.
 */
final class Probe {

    /**
     * The Modbus line settings tried, in this order. The Modbus over Serial Line specification
     * (V1.02, 2.5.1 and 3.3) makes 19200 baud the required default and 9600 the other required
     * rate, with even parity the default; its no-parity form (two stop bits) is tried as 8N1,
     * which most sondes and probes ship with: a UART checks the first stop bit only, so 8N1 and
     * 8N2 devices answer it alike. Then 4800 (many low-cost RS-485 sensors) and 38400 baud.
     */
    static final List<SerialSettings> MODBUS_LINE_SETTINGS = List.of(
            new SerialSettings(19200, 8, Parity.EVEN, 1),
            new SerialSettings(9600, 8, Parity.EVEN, 1),
            new SerialSettings(9600, 8, Parity.NONE, 1),
            new SerialSettings(19200, 8, Parity.NONE, 1),
            new SerialSettings(4800, 8, Parity.NONE, 1),
            new SerialSettings(38400, 8, Parity.NONE, 1));

    /**
     * Slave addresses asked by default: 1 to 20 (1 is where nearly every sonde ships; a bus is
     * numbered on from there) and 247, the highest, where some ship so as not to clash.
     */
    static final List<Integer> DEFAULT_ADDRESSES = IntStream.concat(IntStream.rangeClosed(1, 20), IntStream.of(247))
            .boxed().toList();
    static final int MAX_SLAVE = 247;
    static final int MAX_UNIT = 255;

    /** How long each Modbus address is given to answer; shorter in tests through this knob. */
    static Duration modbusTimeout = Duration.ofMillis(200);

    private Probe() {
    }

    /**
     * What {@code probe} was asked: each option narrows the search; empty means "all".
     *
     * @param addresses slave addresses (unit ids on {@code modbus-tcp://})
     */
    record Options(Optional<Integer> baud, Optional<Parity> parity, Optional<List<Integer>> addresses,
                   Optional<String> model) {

        static final Options NONE = new Options(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        boolean narrowsLine() {
            return baud.isPresent() || parity.isPresent();
        }
    }

    /** The port and options of {@code probe}'s arguments. */
    record Request(String port, Options options) {

        static Request parse(List<String> args) {
            String port = null;
            Optional<Integer> baud = Optional.empty();
            Optional<Parity> parity = Optional.empty();
            Optional<List<Integer>> addresses = Optional.empty();
            Optional<String> model = Optional.empty();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (!arg.startsWith("--")) {
                    if (port != null) {
                        throw new UsageException("probe takes one PORT, got '" + LogText.untrusted(port) + "' and '"
                                + LogText.untrusted(arg) + "'");
                    }
                    port = arg;
                    continue;
                }
                if (i + 1 == args.size()) {
                    throw new UsageException("probe " + LogText.untrusted(arg) + " needs a value");
                }
                String value = args.get(++i);
                switch (arg) {
                    case "--baud" -> baud = Optional.of(baud(value));
                    case "--parity" -> parity = Optional.of(parity(value));
                    case "--address" -> addresses = Optional.of(List.of(address("--address", value)));
                    case "--addresses" -> addresses = Optional.of(range(value));
                    case "--model" -> model = Optional.of(value);
                    default -> throw new UsageException("probe takes --baud N, --parity none|even|odd, --address A, "
                            + "--addresses A-B and --model M, not '" + LogText.untrusted(arg) + "'");
                }
            }
            if (port == null) {
                throw new UsageException("expected probe PORT, e.g. probe /dev/ttyUSB0");
            }
            if (args.contains("--address") && args.contains("--addresses")) {
                throw new UsageException("probe takes --address A or --addresses A-B, not both");
            }
            return new Request(port, new Options(baud, parity, addresses, model));
        }

        /** {@code --baud}'s value, here and for {@code modbus read}. */
        static int baud(String value) {
            try {
                int baud = Integer.parseInt(value);
                if (baud >= 300 && baud <= 4_000_000) {
                    return baud;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new UsageException("--baud must be a baud rate such as 9600 or 19200, not '" + LogText.untrusted(value) + "'");
        }

        /** {@code --parity}'s value, here and for {@code modbus read}. */
        static Parity parity(String value) {
            return switch (value) {
                case "none" -> Parity.NONE;
                case "even" -> Parity.EVEN;
                case "odd" -> Parity.ODD;
                default -> throw new UsageException("--parity must be none, even or odd, not '" + LogText.untrusted(value) + "'");
            };
        }

        private static int address(String option, String value) {
            try {
                int address = Integer.parseInt(value);
                if (address >= 0 && address <= MAX_UNIT) {
                    return address;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new UsageException(option + " must be a slave address from 1 to " + MAX_SLAVE + " (a unit id from 0 to "
                    + MAX_UNIT + " on modbus-tcp://), not '" + LogText.untrusted(value) + "'");
        }

        private static List<Integer> range(String value) {
            int dash = value.indexOf('-');
            if (dash < 1) {
                throw new UsageException("--addresses must be a range A-B such as 1-247, not '" + LogText.untrusted(value) + "'");
            }
            int from = address("--addresses", value.substring(0, dash));
            int to = address("--addresses", value.substring(dash + 1));
            if (from > to) {
                throw new UsageException("--addresses must run from the lower address to the higher, not '"
                        + LogText.untrusted(value) + "'");
            }
            return IntStream.rangeClosed(from, to).boxed().toList();
        }
    }

    /** One opening of the port: the models tried at one line setting (Modbus at each of {@code addresses}). */
    record Pass(SerialSettings settings, List<SensorDriverProvider> providers, List<Integer> addresses) {

        boolean scansModbus() {
            return providers.stream().anyMatch(ModbusDriverProvider.class::isInstance);
        }
    }

    static int run(List<String> args, PrintStream out) {
        Request request = Request.parse(args);
        if (I2cPort.isI2c(request.port())) {
            return runI2c(request, out);
        }
        List<Pass> plan = plan(request.port(), request.options());
        Set<String> found;
        try (Progress progress = Progress.to(out)) {
            found = identify(request.port(), plan, progress);
        } catch (IOException e) {
            out.println(e.getMessage());
            return Main.FAULT;
        }
        if (found.isEmpty()) {
            out.println("nothing answered on " + LogText.untrusted(request.port()) + " (tried: " + tried(request.port(), plan) + "). "
                    + "Check power and wiring (sensor TX to the gateway's RX; A and B on RS-485), that no serial console "
                    + "uses the port, and give a sonde's own settings with --baud, --parity and --addresses.");
            return Main.FAULT;
        }
        return Main.OK;
    }

    /**
     * What answers on a port at each model's own line settings (Modbus at its default settings
     * and slaves 1 to 10), each answer naming its probe group and the config model, e.g.
     * {@code plantower: Plantower PMS5003/PMS7003/PMS5003T (model pms5003, pms7003 or pms5003t), passive mode, ...};
     * empty when nothing did. For {@code check}, which wants a quick answer, where {@code probe}
     * searches every line setting and address ({@link #plan}).
     *
     * @param tried    the models asked (tests narrow them to the twins on the port)
     * @param progress hears which line settings are being tried
     * @throws IOException when the port cannot be opened at all
     */
    static Set<String> identify(String port, Predicate<String> tried, Consumer<String> progress) throws IOException {
        Map<SerialSettings, List<SensorDriverProvider>> bySettings = new LinkedHashMap<>();
        DriverRegistry registry = DriverRegistry.load();
        Set<String> groups = new LinkedHashSet<>();
        for (String model : registry.models().stream().filter(tried).toList()) {
            SensorDriverProvider provider = registry.find(model).orElseThrow();
            if (canAnswerOn(provider, port) && groups.add(provider.probeGroup())) {
                bySettings.computeIfAbsent(provider.defaultSerialSettings(), s -> new ArrayList<>()).add(provider);
            }
        }
        Set<String> found = new LinkedHashSet<>();
        for (Map.Entry<SerialSettings, List<SensorDriverProvider>> group : bySettings.entrySet()) {
            progress.accept("trying " + port + " at " + group.getKey() + " ...");
            try (Link link = Links.open(port, group.getKey())) {
                for (SensorDriverProvider provider : group.getValue()) {
                    link.discardInput();
                    provider.probe(link).ifPresent(answer -> found.add(provider.probeGroup() + ": " + answer));
                }
            } catch (PortNotFoundException | PortAccessDeniedException | PortBusyException e) {
                throw e;
            } catch (IOException e) {
                progress.accept("  " + e.getMessage());
            }
        }
        return found;
    }

    /**
     * Runs {@code plan} on {@code port}, telling {@code progress} each step and each answer as it
     * comes; stops after the first pass in which anything answered (a Modbus pass asks all its
     * addresses: a bus carries several slaves).
     *
     * @throws IOException when the port cannot be opened at all
     */
    static Set<String> identify(String port, List<Pass> plan, Progress progress) throws IOException {
        Set<String> found = new LinkedHashSet<>();
        String shownPort = LogText.untrusted(port);
        for (Pass pass : plan) {
            try (Link link = Links.open(port, pass.settings())) {
                for (SensorDriverProvider provider : pass.providers()) {
                    if (provider instanceof ModbusDriverProvider) {
                        scanModbus(link, pass, progress, found);
                        continue;
                    }
                    progress.step(provider.probeGroup() + " " + settingsOf(port, pass.settings()) + " on " + shownPort);
                    link.discardInput();
                    Optional<String> answer = provider.probe(link);
                    if (answer.isPresent()) {
                        String named = provider.probeGroup() + ": " + answer.get();
                        found.add(named);
                        progress.line("  found " + named);
                        // One sensor on a line of its own: it is named, the other models need not be asked.
                        break;
                    }
                }
            } catch (PortNotFoundException | PortAccessDeniedException | PortBusyException e) {
                throw e;
            } catch (IOException e) {
                progress.line("  " + e.getMessage());
            }
            if (!found.isEmpty()) {
                break;
            }
        }
        return found;
    }

    private static void scanModbus(Link link, Pass pass, Progress progress, Set<String> found) throws IOException {
        boolean tcp = isModbusTcp(link.port());
        ModbusMaster master = tcp ? new TcpMaster(modbusTimeout) : new RtuMaster(pass.settings(), modbusTimeout);
        List<Integer> addresses = pass.addresses();
        String line = settingsOf(link.port(), pass.settings());
        for (int i = 0; i < addresses.size(); i++) {
            int address = addresses.get(i);
            progress.step("modbus " + line + (tcp ? " unit " : " address ") + address + " (" + (i + 1) + "/"
                    + addresses.size() + ") on " + LogText.untrusted(link.port()));
            Optional<String> answer = ModbusDriverProvider.ask(link, master, address);
            if (answer.isPresent()) {
                String named = "modbus: " + (tcp ? "Modbus TCP unit " : "Modbus RTU slave at address ") + answer.get()
                        + (tcp ? "" : ", " + line) + " (configure it as model modbus, " + (tcp ? "unit-id: " : "address: ")
                        + address + configKeys(link.port(), pass.settings()) + ")";
                found.add(named);
                progress.line("  found " + named);
            }
        }
    }

    /** The settings a port's line runs at as the config writes them; none on a TCP port, whose server has its own. */
    private static String configKeys(String port, SerialSettings settings) {
        if (isTcp(port)) {
            return "";
        }
        return ", baud: " + settings.baud() + ", parity: " + settings.parity().name().toLowerCase(Locale.ROOT);
    }

    private static String settingsOf(String port, SerialSettings settings) {
        return isTcp(port) ? "over tcp" : settings.toString();
    }

    /**
     * The passes {@code probe} makes on {@code port}: the models with settings of their own at
     * them, then Modbus through {@link #MODBUS_LINE_SETTINGS}; each option narrows them.
     *
     * @throws UsageException when an option does not apply to the port, or leaves nothing to try
     */
    static List<Pass> plan(String port, Options options) {
        boolean tcp = isTcp(port);
        if (tcp && options.narrowsLine()) {
            throw new UsageException("--baud and --parity do not apply to " + LogText.untrusted(port)
                    + ": a serial device server or Modbus TCP device has its own line settings");
        }
        List<SensorDriverProvider> candidates = candidates(port, options);
        if (options.addresses().isPresent()) {
            candidates = candidates.stream().filter(ModbusDriverProvider.class::isInstance).toList();
            if (candidates.isEmpty()) {
                throw new UsageException("--address and --addresses are for model modbus"
                        + options.model().map(m -> ", not " + LogText.untrusted(m)).orElse(""));
            }
        }
        List<Integer> addresses = options.addresses().orElse(DEFAULT_ADDRESSES);
        int highest = isModbusTcp(port) ? MAX_UNIT : MAX_SLAVE;
        if (addresses.stream().anyMatch(a -> a > highest || a < (isModbusTcp(port) ? 0 : 1))) {
            throw new UsageException((addresses.size() == 1 ? "--address" : "--addresses") + " must be within "
                    + (isModbusTcp(port) ? "0-" + MAX_UNIT + " (unit ids)" : "1-" + MAX_SLAVE + " (slave addresses)"));
        }
        Map<SerialSettings, List<SensorDriverProvider>> fixed = new LinkedHashMap<>();
        boolean modbus = false;
        for (SensorDriverProvider provider : candidates) {
            if (provider instanceof ModbusDriverProvider) {
                modbus = true;
            } else if (tcp || matches(provider.defaultSerialSettings(), options)) {
                fixed.computeIfAbsent(provider.defaultSerialSettings(), s -> new ArrayList<>()).add(provider);
            }
        }
        List<Pass> modbusPasses = new ArrayList<>();
        if (modbus) {
            ModbusDriverProvider provider = (ModbusDriverProvider) candidates.stream()
                    .filter(ModbusDriverProvider.class::isInstance).findFirst().orElseThrow();
            for (SerialSettings settings : tcp ? List.of(provider.defaultSerialSettings()) : modbusSettings(options)) {
                modbusPasses.add(new Pass(settings, List.of(provider), addresses));
            }
        }
        // Modbus at its first setting (the specification's default, where sondes sit) costs a few
        // seconds; the models of their own settings, silent, cost about 15 s: Modbus comes first.
        List<Pass> plan = new ArrayList<>(modbusPasses.stream().limit(1).toList());
        fixed.forEach((settings, providers) -> plan.add(new Pass(settings, providers.stream()
                .sorted(java.util.Comparator.comparingInt(Probe::quickness)).toList(), List.of())));
        plan.addAll(modbusPasses.stream().skip(1).toList());
        if (plan.isEmpty()) {
            throw new UsageException("no model probed on " + LogText.untrusted(port) + " speaks"
                    + options.baud().map(b -> " --baud " + b).orElse("")
                    + options.parity().map(p -> " --parity " + p.name().toLowerCase(Locale.ROOT)).orElse("")
                    + options.model().map(m -> " (" + LogText.untrusted(m) + " speaks " + candidatesSettings(port, m) + ")").orElse(""));
        }
        return plan;
    }

    private static String candidatesSettings(String port, String model) {
        return candidates(port, new Options(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(model)))
                .stream().map(p -> p.defaultSerialSettings().toString()).distinct().collect(Collectors.joining(", "));
    }

    /**
     * The probe groups in the order they are asked: those answering a query within a second first,
     * then those that wait for a sensor talking on its own, quickest first; an unknown group last.
     */
    static final List<String> QUICKEST_FIRST = List.of("senseair-s8", "ezo", "plantower", "plantower-st", "mhz19b",
            "maxbotix", "sds011");

    private static int quickness(SensorDriverProvider provider) {
        int at = QUICKEST_FIRST.indexOf(provider.probeGroup());
        return at < 0 ? QUICKEST_FIRST.size() : at;
    }

    private static boolean matches(SerialSettings settings, Options options) {
        return options.baud().map(b -> b == settings.baud()).orElse(true)
                && options.parity().map(p -> p == settings.parity()).orElse(true);
    }

    /**
     * The Modbus settings the options leave; a baud rate or parity outside the usual ones is
     * tried with each of the others' usual values.
     */
    static List<SerialSettings> modbusSettings(Options options) {
        List<SerialSettings> usual = MODBUS_LINE_SETTINGS.stream().filter(s -> matches(s, options)).toList();
        if (!usual.isEmpty()) {
            return usual;
        }
        List<Integer> bauds = options.baud().map(List::of)
                .orElse(MODBUS_LINE_SETTINGS.stream().map(SerialSettings::baud).distinct().toList());
        List<Parity> parities = options.parity().map(List::of)
                .orElse(MODBUS_LINE_SETTINGS.stream().map(SerialSettings::parity).distinct().toList());
        List<SerialSettings> settings = new ArrayList<>();
        for (int baud : bauds) {
            for (Parity parity : parities) {
                settings.add(new SerialSettings(baud, 8, parity, 1));
            }
        }
        return settings;
    }

    /**
     * The models that can answer on {@code port} and have a probe of their own, the first of each
     * probe group: never a GPIO, 1-wire or I2C model on a serial or TCP port.
     *
     * @throws UsageException when {@code --model} names no model, or one that cannot be on this port
     */
    private static List<SensorDriverProvider> candidates(String port, Options options) {
        DriverRegistry registry = DriverRegistry.load();
        if (options.model().isPresent()) {
            String model = options.model().get();
            SensorDriverProvider chosen = registry.find(model).orElseThrow(() -> new UsageException("--model '"
                    + LogText.untrusted(model) + "' is not a model; models: " + String.join(", ", registry.models())));
            if (!canAnswerOn(chosen, port)) {
                throw new UsageException("--model " + model + " cannot answer on " + LogText.untrusted(port)
                        + (chosen instanceof I2cDriverProvider ? " (an I2C model: probe i2c:<bus>)" : " (it has no probe, "
                        + "or is not on a serial port)"));
            }
        }
        Set<String> groups = new LinkedHashSet<>();
        List<SensorDriverProvider> candidates = new ArrayList<>();
        for (String model : registry.models()) {
            SensorDriverProvider provider = registry.find(model).orElseThrow();
            boolean chosen = options.model().map(m -> registry.find(m).orElseThrow().probeGroup().equals(provider.probeGroup()))
                    .orElse(true);
            if (chosen && canAnswerOn(provider, port) && groups.add(provider.probeGroup())) {
                candidates.add(provider);
            }
        }
        return candidates;
    }

    /** Whether a model's sensor could sit on {@code port} (its config would accept it) and the model has a probe. */
    private static boolean canAnswerOn(SensorDriverProvider provider, String port) {
        if (provider instanceof I2cDriverProvider) {
            return false;
        }
        try {
            provider.checkPort(port);
        } catch (OptionException e) {
            return false;
        }
        try {
            return provider.getClass().getMethod("probe", Link.class).getDeclaringClass() != SensorDriverProvider.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a plan tried, for the message when nothing answered: models, line settings and addresses. */
    static String tried(String port, List<Pass> plan) {
        DriverRegistry registry = DriverRegistry.load();
        List<String> parts = new ArrayList<>();
        List<String> modbusSettings = new ArrayList<>();
        List<Integer> addresses = List.of();
        for (Pass pass : plan) {
            if (pass.scansModbus()) {
                modbusSettings.add(settingsOf(port, pass.settings()));
                addresses = pass.addresses();
                continue;
            }
            List<String> models = new ArrayList<>();
            for (SensorDriverProvider provider : pass.providers()) {
                registry.models().stream().filter(m -> registry.find(m).orElseThrow().probeGroup().equals(provider.probeGroup()))
                        .forEach(models::add);
            }
            parts.add(String.join(", ", models) + " " + (isTcp(port) ? "over tcp" : "at " + pass.settings()));
        }
        if (!modbusSettings.isEmpty()) {
            parts.add("modbus " + (isTcp(port) ? "over tcp" : "at " + String.join(", ", modbusSettings)) + ", "
                    + (isModbusTcp(port) ? "units " : "addresses ") + ranges(addresses));
        }
        return String.join("; ", parts);
    }

    /** {@code 1-20, 247}. */
    static String ranges(List<Integer> addresses) {
        List<String> ranges = new ArrayList<>();
        for (int i = 0; i < addresses.size(); ) {
            int j = i;
            while (j + 1 < addresses.size() && addresses.get(j + 1) == addresses.get(j) + 1) {
                j++;
            }
            ranges.add(i == j ? String.valueOf(addresses.get(i)) : addresses.get(i) + "-" + addresses.get(j));
            i = j + 1;
        }
        return String.join(", ", ranges);
    }

    /** A serial device server ({@code tcp://}) or a Modbus TCP device: the line settings are not ours to set. */
    static boolean isTcp(String port) {
        return port.regionMatches(true, 0, "tcp:", 0, 4) || isModbusTcp(port);
    }

    static boolean isModbusTcp(String port) {
        return port.regionMatches(true, 0, Links.MODBUS_TCP, 0, Links.MODBUS_TCP.length());
    }

    /** {@code envgate probe i2c:<bus>}: each I2C model at each of its addresses, through the kernel's {@code /dev/i2c-<bus>}. */
    private static int runI2c(Request request, PrintStream out) {
        Options options = request.options();
        if (options.narrowsLine() || options.addresses().isPresent()) {
            throw new UsageException("--baud, --parity, --address and --addresses do not apply to an I2C bus; "
                    + "each I2C model is read at its usual addresses");
        }
        List<I2cDriverProvider> models = i2cModels().stream()
                .filter(p -> options.model().map(m -> m.equals(p.model())).orElse(true)).toList();
        if (models.isEmpty()) {
            throw new UsageException("--model " + LogText.untrusted(options.model().orElseThrow()) + " is not an I2C model; "
                    + "I2C models: " + i2cModels().stream().map(I2cDriverProvider::model).collect(Collectors.joining(", ")));
        }
        int bus;
        try {
            bus = I2cPort.parseBus(request.port());
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return Main.USAGE;
        }
        Context context;
        try {
            context = GpioPlatforms.i2c(bus);
        } catch (IOException e) {
            out.println(e.getMessage());
            return Main.FAULT;
        }
        try (Progress progress = Progress.to(out)) {
            Set<String> found = identifyI2c(context, bus, models, progress::step);
            progress.close();
            return reportI2c(bus, models, found, out);
        } finally {
            context.shutdown();
        }
    }

    /** Prints what {@link #identifyI2c} found on {@code bus}; the exit status. */
    static int reportI2c(int bus, Set<String> found, PrintStream out) {
        return reportI2c(bus, i2cModels(), found, out);
    }

    private static int reportI2c(int bus, List<I2cDriverProvider> models, Set<String> found, PrintStream out) {
        for (String answer : found) {
            out.println("  found " + answer);
        }
        if (found.isEmpty()) {
            out.println("nothing answered on i2c:" + bus + " (tried: " + models.stream()
                    .map(p -> p.model() + " at " + p.addresses().stream().map(I2cPort::hex).collect(Collectors.joining(", ")))
                    .collect(Collectors.joining("; ")) + "). Check power and wiring (SDA to SDA, SCL to SCL), and the "
                    + "address pin (SDO on a BME280, ADDR on an SHT3x).");
            return Main.FAULT;
        }
        return Main.OK;
    }

    /**
     * What answers at the usual addresses of each I2C model on {@code bus} of {@code context}: a
     * BME280 by its chip id, an SHT3x by its status word and CRC. Each answer names the config model.
     *
     * @param progress hears which address is being tried
     */
    static Set<String> identifyI2c(Context context, int bus, Consumer<String> progress) {
        return identifyI2c(context, bus, i2cModels(), progress);
    }

    private static Set<String> identifyI2c(Context context, int bus, List<I2cDriverProvider> models, Consumer<String> progress) {
        Set<String> found = new LinkedHashSet<>();
        for (I2cDriverProvider provider : models) {
            for (int address : provider.addresses()) {
                I2cPort at = new I2cPort(bus, address);
                progress.accept("trying " + provider.model() + " at " + at + " ...");
                try (I2cDevice device = I2cDevice.open(context, at)) {
                    provider.probe(device).ifPresent(answer -> found.add(provider.model() + ": " + answer));
                } catch (I2cNoAnswerException e) {
                    // nothing at this address
                } catch (IOException e) {
                    progress.accept("  " + e.getMessage());
                }
            }
        }
        return found;
    }

    private static List<I2cDriverProvider> i2cModels() {
        DriverRegistry registry = DriverRegistry.load();
        return registry.models().stream().map(model -> registry.find(model).orElseThrow())
                .filter(I2cDriverProvider.class::isInstance).map(I2cDriverProvider.class::cast).toList();
    }
}
