package org.envgate.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.line.LineInstrument;
import org.envgate.simulator.line.LineTwin;
import org.envgate.simulator.modbus.ModbusSlaveTwin;
import org.envgate.simulator.modbus.ModbusTcpTwin;

/**
 * The arguments of {@code serve}: which twin, where, and how it behaves.
 *
 * @param model      the twin's model
 * @param tcpHost    the host to listen on, when serving TCP
 * @param tcpPort    the TCP port (0 = any free one), or -1 when serving a serial device or a pty
 * @param serialPath the serial device the twin holds (the gateway opens the other end of its line), or null
 * @param ptyPath    the gateway's end of a pseudo-terminal pair the simulator makes, or null
 * @param options    seed, period and fault probabilities
 * @param wrongLineSettings the gateway's line settings when they are not the sensor's
 *                   ({@link TwinFaults.Fault#WRONG_LINE_SETTINGS}), or null
 * @param modbusTcp  whether the TCP port speaks Modbus TCP (a Modbus twin behind an Ethernet
 *                   gateway) rather than passing the twin's bytes as a serial device server does
 * @param sensorOptions the options of the gateway's sensor the twin answers ({@code --format} of a line
 *                   instrument), or empty for the model's own
 */
public record ServeArguments(String model, String tcpHost, int tcpPort, String serialPath, String ptyPath,
                             TwinOptions options, SerialSettings wrongLineSettings, boolean modbusTcp,
                             Map<String, String> sensorOptions) {

    private static final Pattern HOST_PORT = Pattern.compile("(?:(.+):)?([0-9]{1,5})");
    private static final String PTY = "--pty";

    /** Parses the arguments after {@code serve}. */
    public static ServeArguments parse(List<String> args, Set<String> knownModels) throws UsageException {
        String model = null;
        String tcp = null;
        String serial = null;
        String pty = null;
        SerialSettings wrongLineSettings = null;
        boolean modbusTcp = false;
        LineInstrument format = null;
        TwinOptions options = TwinOptions.defaults();
        for (Map.Entry<String, String> option : CommandOptions.pairs(withPtyValue(args))) {
            String name = option.getKey();
            String value = option.getValue();
            switch (name) {
                case "--model" -> model = value;
                case "--tcp" -> tcp = value;
                case "--modbus-tcp" -> {
                    tcp = value;
                    modbusTcp = true;
                }
                case "--serial" -> serial = value;
                case PTY -> pty = value;
                case "--format" -> format = lineInstrument(name, value);
                case "--wrong-line-settings" -> wrongLineSettings = lineSettings(name, value);
                case "--seed" -> options = options.withSeed(integer(name, value));
                case "--period" -> options = options.withPeriod(CommandOptions.positiveDuration(name, value));
                case "--garbage" -> options = options.withFaults(probability(name, value),
                        options.badChecksumProbability(), options.tornProbability());
                case "--bad-checksum" -> options = options.withFaults(options.garbageProbability(),
                        probability(name, value), options.tornProbability());
                case "--torn" -> options = options.withFaults(options.garbageProbability(),
                        options.badChecksumProbability(), probability(name, value));
                default -> throw new UsageException("unknown option '" + name + "'");
            }
        }
        if (model == null) {
            throw new UsageException("--model is required; known models: " + String.join(", ", knownModels));
        }
        if (!knownModels.contains(model)) {
            throw new UsageException("unknown model '" + model + "'; known models: " + String.join(", ", knownModels));
        }
        if (format != null && !model.equals(LineTwin.MODEL)) {
            throw new UsageException("--format is for model line, not " + model);
        }
        Map<String, String> sensorOptions = format == null ? Map.of() : format.sensorOptions();
        if ((tcp != null ? 1 : 0) + (serial != null ? 1 : 0) + (pty != null ? 1 : 0) != 1) {
            throw new UsageException("give exactly one of --tcp [HOST:]PORT, --modbus-tcp [HOST:]PORT, --pty [PATH] and --serial PATH");
        }
        if (serial != null) {
            return new ServeArguments(model, null, -1, serial, null, options, wrongLineSettings, false, sensorOptions);
        }
        if (pty != null) {
            String path = pty.isEmpty() ? defaultPty(model).toString() : pty;
            return new ServeArguments(model, null, -1, null, path, options, wrongLineSettings, false, sensorOptions);
        }
        Matcher hostPort = HOST_PORT.matcher(tcp);
        int port = hostPort.matches() ? Integer.parseInt(hostPort.group(2)) : -1;
        if (port < 0 || port > 65535) {
            throw new UsageException((modbusTcp ? "--modbus-tcp" : "--tcp") + " must be [HOST:]PORT with PORT 0 to 65535, got '" + tcp + "'");
        }
        String host = hostPort.group(1) == null ? "127.0.0.1" : hostPort.group(1);
        return new ServeArguments(model, host, port, null, null, options, wrongLineSettings, modbusTcp, sensorOptions);
    }

    /** {@code --pty} may stand without a path: it then gets an empty one, which means "make one". */
    private static List<String> withPtyValue(List<String> args) {
        List<String> filled = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            filled.add(args.get(i));
            boolean lastOrOption = i + 1 == args.size() || args.get(i + 1).startsWith("--");
            if (args.get(i).equals(PTY) && lastOrOption) {
                filled.add("");
            }
        }
        return filled;
    }

    /** A path of this process's own, so two simulators never take each other's pty. */
    static Path defaultPty(String model) {
        return Path.of("/tmp/envgate-sim", model + "-" + ProcessHandle.current().pid());
    }

    /** Starts the twin this describes. */
    public TwinServer start(TwinProvider provider) throws IOException {
        SensorTwin twin = sensorOptions.isEmpty() ? provider.create(options) : provider.create(options, sensorOptions);
        if (wrongLineSettings != null) {
            twin.faults().wrongLineSettings(wrongLineSettings);
        }
        if (serialPath != null) {
            return TwinServer.serial(twin, serialPath, SerialSettings.DEFAULT_9600_8N1);
        }
        if (ptyPath != null) {
            return TwinServer.pty(twin, Path.of(ptyPath), SerialSettings.DEFAULT_9600_8N1);
        }
        if (modbusTcp) {
            if (!(twin instanceof ModbusSlaveTwin slave)) {
                throw new IOException("--modbus-tcp serves Modbus twins only (modbus, senseair-s8), not " + model);
            }
            return TwinServer.tcp(new ModbusTcpTwin(List.of(slave)), tcpHost, tcpPort);
        }
        return TwinServer.tcp(twin, tcpHost, tcpPort);
    }

    /** {@code BAUD} or {@code BAUD,PARITY} ({@code none}, {@code even}, {@code odd}): 8 data bits, 1 stop bit. */
    private static SerialSettings lineSettings(String name, String value) throws UsageException {
        String[] parts = value.split(",", -1);
        try {
            int baud = Integer.parseInt(parts[0]);
            SerialSettings.Parity parity = parts.length == 1 ? SerialSettings.Parity.NONE
                    : SerialSettings.Parity.valueOf(parts[1].toUpperCase(Locale.ROOT));
            if (parts.length > 2 || baud < 50 || baud > 4_000_000) {
                throw new IllegalArgumentException();
            }
            return new SerialSettings(baud, 8, parity, 1);
        } catch (IllegalArgumentException e) {
            throw new UsageException(name + " must be BAUD or BAUD,PARITY (e.g. 19200 or 9600,even), got '" + value + "'");
        }
    }

    private static LineInstrument lineInstrument(String name, String value) throws UsageException {
        LineInstrument instrument = LineInstrument.named(value);
        if (instrument == null) {
            throw new UsageException(name + " must be one of " + Arrays.stream(LineInstrument.values())
                    .map(LineInstrument::id).collect(Collectors.joining(", ")) + ", got '" + value + "'");
        }
        return instrument;
    }

    private static long integer(String name, String value) throws UsageException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be an integer, got '" + value + "'");
        }
    }

    private static double probability(String name, String value) throws UsageException {
        double p;
        try {
            p = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            p = Double.NaN;
        }
        if (!(p >= 0 && p <= 1)) {
            throw new UsageException(name + " must be a probability from 0 to 1, got '" + value + "'");
        }
        return p;
    }

}
