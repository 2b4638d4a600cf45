package org.envgate.drivers.ezo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.Resolution;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.ValueRange;
import org.envgate.link.Link;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;

/** One EZO circuit model; the five models share everything but the circuit. */
public abstract class EzoDriverProvider implements SensorDriverProvider {

    public static final String TEMPERATURE_FROM = "temperature-from";
    public static final String TEMPERATURE_MAX_AGE = "temperature-max-age";
    static final Duration DEFAULT_TEMPERATURE_MAX_AGE = Duration.ofMinutes(10);
    /** EZO-EC: TDS is conductivity times a factor of at most 1.0, so at most the conductivity range. */
    static final ValueRange TDS_RANGE = new ValueRange(0, 500_000);
    /** EZO-EC datasheet: salinity 0.00 to 42.00 PSU (ppt). */
    static final ValueRange SALINITY_RANGE = new ValueRange(0, 42);
    /** EZO-EC: TDS is printed like the conductivity it comes from, two decimals at most. */
    static final Resolution TDS_RESOLUTION = Resolution.of("0.01");
    /** EZO-EC datasheet: salinity 0.00 to 42.00 PSU, two decimals. */
    static final Resolution SALINITY_RESOLUTION = Resolution.of("0.01");

    private final EzoCircuit circuit;

    protected EzoDriverProvider(EzoCircuit circuit) {
        this.circuit = circuit;
    }

    @Override
    public String model() {
        return circuit.model();
    }

    @Override
    public Set<Quantity> quantities() {
        return new LinkedHashSet<>(circuit.quantities());
    }

    @Override
    public ValueRange range(Quantity quantity, DriverOptions options) {
        return switch (quantity) {
            case TDS -> TDS_RANGE;
            case SALINITY -> SALINITY_RANGE;
            default -> circuit.range();
        };
    }

    @Override
    public Resolution resolution(Quantity quantity, DriverOptions options) {
        return switch (quantity) {
            case TDS -> TDS_RESOLUTION;
            case SALINITY -> SALINITY_RESOLUTION;
            default -> circuit.resolution();
        };
    }

    @Override
    public Set<String> optionKeys() {
        return circuit.compensated() ? Set.of(TEMPERATURE_FROM, TEMPERATURE_MAX_AGE) : Set.of();
    }

    @Override
    public Set<String> sensorReferenceKeys() {
        return circuit.compensated() ? Set.of(TEMPERATURE_FROM) : Set.of();
    }

    @Override
    public SerialSettings defaultSerialSettings() {
        return SerialSettings.DEFAULT_9600_8N1;
    }

    /** The circuits read right away; the probe's own settling is its business. */
    @Override
    public Duration defaultWarmUp() {
        return Duration.ZERO;
    }

    @Override
    public SensorDriver create(SensorSpec spec, DriverOptions options) {
        String from = circuit.compensated() ? options.text(TEMPERATURE_FROM, null) : null;
        Duration maxAge = circuit.compensated()
                ? options.duration(TEMPERATURE_MAX_AGE, DEFAULT_TEMPERATURE_MAX_AGE) : DEFAULT_TEMPERATURE_MAX_AGE;
        return new EzoDriver(spec, circuit, from, maxAge);
    }

    @Override
    public String probeGroup() {
        return "ezo";
    }

    /** Sends {@code i}, which every EZO circuit answers and which changes nothing; the answer names the circuit. */
    @Override
    public Optional<String> probe(Link link) throws IOException {
        link.write("\ri\r".getBytes(StandardCharsets.US_ASCII));
        EzoLineDecoder decoder = new EzoLineDecoder();
        byte[] buffer = new byte[128];
        long deadline = System.nanoTime() + EzoDriver.COMMAND_TIMEOUT.toNanos();
        for (long left = EzoDriver.COMMAND_TIMEOUT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            for (EzoReply reply : decoder.feed(buffer, 0, link.read(buffer, 0, buffer.length, Duration.ofNanos(left)))) {
                String[] parts = reply.line().split(",");
                if (parts.length >= 2 && parts[0].equalsIgnoreCase("?I")) {
                    EzoCircuit found = EzoCircuit.byDeviceType(parts[1]);
                    return Optional.of("Atlas Scientific EZO " + parts[1] + " circuit"
                            + (parts.length > 2 ? ", firmware " + parts[2] : "")
                            + (found == null ? "" : " (model " + found.model() + ")"));
                }
            }
        }
        return Optional.empty();
    }

    public static final class Ph extends EzoDriverProvider {
        public Ph() {
            super(EzoCircuit.PH);
        }
    }

    public static final class Ec extends EzoDriverProvider {
        public Ec() {
            super(EzoCircuit.EC);
        }
    }

    public static final class Do extends EzoDriverProvider {
        public Do() {
            super(EzoCircuit.DO);
        }
    }

    public static final class Orp extends EzoDriverProvider {
        public Orp() {
            super(EzoCircuit.ORP);
        }
    }

    public static final class Rtd extends EzoDriverProvider {
        public Rtd() {
            super(EzoCircuit.RTD);
        }
    }
}
