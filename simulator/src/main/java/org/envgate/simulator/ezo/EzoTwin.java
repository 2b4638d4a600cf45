package org.envgate.simulator.ezo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.envgate.simulator.SampleListener;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.wire.Quantity;

/**
 * An Atlas Scientific EZO circuit in UART mode, as its datasheet describes it: continuous
 * readings once a second from power-up until {@code C,0}, CR-terminated ASCII commands answered
 * by data lines and response codes, {@code R} answered after the circuit's reading time.
 */
public final class EzoTwin implements SensorTwin {

    /** The circuits, as the twin knows them: device type for {@code i}, reading time, output fields. */
    public enum Circuit {
        PH("ezo-ph", "pH", 900, "2.16"),
        EC("ezo-ec", "EC", 600, "2.12"),
        DO("ezo-do", "DO", 600, "2.12"),
        ORP("ezo-orp", "ORP", 900, "2.10"),
        RTD("ezo-rtd", "RTD", 600, "2.12");

        final String model;
        final String type;
        final long readingMillis;
        final String firmware;

        Circuit(String model, String type, long readingMillis, String firmware) {
            this.model = model;
            this.type = type;
            this.readingMillis = readingMillis;
            this.firmware = firmware;
        }
    }

    private static final long CONTINUOUS_PERIOD_MILLIS = 1000;

    private final Circuit circuit;
    private final TwinOptions options;
    private final ZoneId zone;
    private final Random noise;
    private final Random dice;
    private final TwinFaults faults = new TwinFaults();
    private final List<SampleListener> listeners = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream command = new ByteArrayOutputStream();
    /** Output waiting for its time (a reading takes the circuit most of a second), by due time. */
    private final TreeMap<Long, List<byte[]>> due = new TreeMap<>();
    private boolean continuous = true;
    private boolean responseCodes = true;
    private double compensation = 25.0;
    private long nextContinuous = Long.MIN_VALUE;
    private Map<Quantity, Double> last;

    public EzoTwin(Circuit circuit, TwinOptions options, ZoneId zone) {
        this.circuit = circuit;
        this.options = options;
        this.zone = zone;
        this.noise = new Random(options.seed());
        this.dice = new Random(options.seed() * 7919);
    }

    @Override
    public String model() {
        return circuit.model;
    }

    @Override
    public TwinFaults faults() {
        return faults;
    }

    @Override
    public void addListener(SampleListener listener) {
        listeners.add(listener);
    }

    /** The temperature the circuit compensates with, as last set by {@code T,}. */
    public synchronized double compensation() {
        return compensation;
    }

    @Override
    public synchronized void receive(byte[] bytes, int offset, int length, long nowMillis) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\r') {
                handle(command.toString(StandardCharsets.US_ASCII).trim(), nowMillis);
                command.reset();
            } else {
                command.write(bytes[i]);
            }
        }
    }

    private void handle(String line, long now) {
        if (line.isEmpty()) {
            return;
        }
        String upper = line.toUpperCase(Locale.ROOT);
        if (upper.equals("I")) {
            answer(now, "?I," + circuit.type + "," + circuit.firmware);
        } else if (upper.equals("C,0") || upper.equals("C,1")) {
            continuous = upper.endsWith("1");
            code(now, "*OK");
        } else if (upper.equals("*OK,0") || upper.equals("*OK,1")) {
            responseCodes = upper.endsWith("1");
            code(now, "*OK");
        } else if (upper.equals("R")) {
            if (faults.on(TwinFaults.Fault.ERROR_RESPONSE)) {
                code(now, "*ER");
            } else {
                schedule(now + circuit.readingMillis, reading(now + circuit.readingMillis));
                code(now + circuit.readingMillis, "*OK");
            }
        } else if (upper.startsWith("T,") && circuit != Circuit.ORP && circuit != Circuit.RTD) {
            temperature(line.substring(2), now);
        } else if (upper.equals("O,?") && (circuit == Circuit.EC || circuit == Circuit.DO)) {
            answer(now, circuit == Circuit.EC ? "?O,EC,TDS,S,SG" : "?O,MG");
        } else if (upper.equals("S,?") && circuit == Circuit.RTD) {
            answer(now, "?S,c");
        } else {
            code(now, "*ER");
        }
    }

    private void temperature(String argument, long now) {
        if (argument.equals("?")) {
            answer(now, String.format(Locale.ROOT, "?T,%.2f", compensation));
            return;
        }
        try {
            compensation = Double.parseDouble(argument);
            code(now, "*OK");
        } catch (NumberFormatException e) {
            code(now, "*ER");
        }
    }

    private void answer(long at, String line) {
        schedule(at, line);
        code(at, "*OK");
    }

    /** {@code *OK,0} silences the response codes. */
    private void code(long at, String code) {
        if (responseCodes) {
            schedule(at, code);
        }
    }

    private void schedule(long at, String line) {
        byte[] bytes = (line + "\r").getBytes(StandardCharsets.US_ASCII);
        if (strikes(TwinFaults.Fault.TORN, options.tornProbability())) {
            bytes = Arrays.copyOf(bytes, 1 + dice.nextInt(bytes.length - 1));
        }
        due.computeIfAbsent(at, k -> new ArrayList<>()).add(bytes);
    }

    @Override
    public synchronized byte[] poll(long nowMillis) {
        if (continuous) {
            if (nextContinuous == Long.MIN_VALUE) {
                nextContinuous = nowMillis + CONTINUOUS_PERIOD_MILLIS;
            }
            while (nextContinuous <= nowMillis) {
                schedule(nextContinuous, reading(nextContinuous));
                nextContinuous += CONTINUOUS_PERIOD_MILLIS;
            }
        } else {
            nextContinuous = Long.MIN_VALUE;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (!due.isEmpty() && due.firstKey() <= nowMillis) {
            for (byte[] bytes : due.pollFirstEntry().getValue()) {
                if (strikes(TwinFaults.Fault.GARBAGE, options.garbageProbability())) {
                    byte[] junk = new byte[1 + dice.nextInt(6)];
                    dice.nextBytes(junk);
                    out.writeBytes(junk);
                    out.write('\r');
                }
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }

    /** One reading line, reported to the listeners as sent. */
    private String reading(long at) {
        Map<Quantity, Double> values = faults.on(TwinFaults.Fault.STUCK) && last != null ? last : signal(at);
        last = values;
        String line = switch (circuit) {
            case PH -> String.format(Locale.ROOT, "%.3f", values.get(Quantity.PH));
            case ORP -> String.format(Locale.ROOT, "%.1f", values.get(Quantity.ORP));
            case DO -> String.format(Locale.ROOT, "%.2f", values.get(Quantity.DISSOLVED_OXYGEN));
            case RTD -> String.format(Locale.ROOT, "%.3f", values.get(Quantity.TEMPERATURE));
            case EC -> String.format(Locale.ROOT, "%.0f,%.0f,%.2f,%.3f", values.get(Quantity.CONDUCTIVITY),
                    values.get(Quantity.TDS), values.get(Quantity.SALINITY), 1.0 + values.get(Quantity.SALINITY) / 1000);
        };
        TwinSample sample = new TwinSample(circuit.model, parsedBack(values, line), at);
        listeners.forEach(listener -> listener.sent(sample));
        return line;
    }

    /** What the line says, so listeners get the rounded values the circuit really sent. */
    private Map<Quantity, Double> parsedBack(Map<Quantity, Double> values, String line) {
        String[] parts = line.split(",");
        Map<Quantity, Double> sent = new LinkedHashMap<>();
        int i = 0;
        for (Quantity quantity : values.keySet()) {
            sent.put(quantity, Double.parseDouble(parts[i++]));
        }
        return sent;
    }

    /**
     * River water: temperature and DO follow the sun (DO opposite), pH rises with photosynthesis;
     * a scenario may dictate each (TDS and salinity follow conductivity).
     */
    private Map<Quantity, Double> signal(long at) {
        double hour = LocalTime.ofInstant(Instant.ofEpochMilli(at), zone).toSecondOfDay() / 3600.0;
        double day = Math.sin((hour - 9) / 24 * 2 * Math.PI);
        boolean outOfRange = faults.on(TwinFaults.Fault.OUT_OF_RANGE);
        Map<Quantity, Double> values = new LinkedHashMap<>();
        switch (circuit) {
            case PH -> values.put(Quantity.PH, outOfRange ? 15.2 : value(Quantity.PH, at, 7.2 + 0.25 * day + 0.01 * noise.nextGaussian()));
            case ORP -> values.put(Quantity.ORP, outOfRange ? 1500.0 : value(Quantity.ORP, at, 210 - 15 * day + noise.nextGaussian()));
            case DO -> values.put(Quantity.DISSOLVED_OXYGEN, outOfRange ? 120.0
                    : value(Quantity.DISSOLVED_OXYGEN, at, 8.0 - 1.2 * day + 0.05 * noise.nextGaussian()));
            case RTD -> values.put(Quantity.TEMPERATURE, outOfRange ? 1500.0
                    : value(Quantity.TEMPERATURE, at, 26 + 2.5 * day + 0.02 * noise.nextGaussian()));
            case EC -> {
                double ec = outOfRange ? 600_000 : value(Quantity.CONDUCTIVITY, at, 450 + 20 * day + 3 * noise.nextGaussian());
                values.put(Quantity.CONDUCTIVITY, ec);
                values.put(Quantity.TDS, ec * 0.5);
                values.put(Quantity.SALINITY, ec / 2000);
            }
            default -> throw new IllegalStateException(circuit.name());
        }
        return values;
    }

    /** What a scenario dictates for {@code quantity}, else the circuit's own value. */
    private double value(Quantity quantity, long at, double own) {
        return options.signals().value(quantity, at).orElse(own);
    }

    private boolean strikes(TwinFaults.Fault fault, double probability) {
        return faults.strikes(fault, probability, dice);
    }
}
