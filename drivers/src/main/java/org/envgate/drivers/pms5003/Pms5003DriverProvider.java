package org.envgate.drivers.pms5003;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
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

/** Model {@code pms5003}: Plantower PMS5003 on a 3.3 V UART. */
public class Pms5003DriverProvider implements SensorDriverProvider {

    public static final String MODE = "mode";
    /** Datasheet: stable data at least 30 s after the sensor wakes up (the fan must spin up). */
    public static final Duration WARM_UP = Duration.ofSeconds(30);
    /**
     * Datasheet: effective range 0 to 500 ug/m3, maximum range at least 1000 ug/m3; a frame
     * whose checksum passes can still carry up to 65535.
     */
    static final ValueRange RANGE = new ValueRange(0, 1000);
    /**
     * The CF=1 values read about 1.5 times the atmospheric ones in heavy dust (they are the
     * factory-calibration values the atmospheric ones are derived from), so a sample at the top of
     * the atmospheric range carries CF=1 values up to about 1500; a range of 1000 for them would
     * refuse the whole sample from about 670 ug/m3 atmospheric.
     */
    static final ValueRange CF1_RANGE = new ValueRange(0, 1500);
    /** Datasheet: resolution 1 ug/m3; the frame carries whole micrograms, CF=1 and atmospheric alike. */
    static final Resolution RESOLUTION = Resolution.of("1");

    /**
     * PMS5003T and PMS5003ST datasheets: working range -10 to 60 Cel and 0 to 99 %RH; the
     * built-in sensor reports tenths.
     */
    static final ValueRange TEMPERATURE_RANGE = new ValueRange(-10, 60);
    static final ValueRange HUMIDITY_RANGE = new ValueRange(0, 99);
    static final Resolution TENTHS = Resolution.of("0.1");
    /** PMS5003ST datasheet: formaldehyde 0 to 2 mg/m3, resolution 0.001 mg/m3. */
    static final ValueRange FORMALDEHYDE_RANGE = new ValueRange(0, 2);
    static final Resolution FORMALDEHYDE_RESOLUTION = Resolution.of("0.001");

    private final String model;
    private final Pms5003Layout layout;

    public Pms5003DriverProvider() {
        this("pms5003");
    }

    /** For sensors that speak the same protocol under another model name. */
    protected Pms5003DriverProvider(String model) {
        this(model, Pms5003Layout.PMS5003);
    }

    /** For sensors that speak the same protocol with other data frames. */
    protected Pms5003DriverProvider(String model, Pms5003Layout layout) {
        this.model = model;
        this.layout = layout;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public Set<Quantity> quantities() {
        Set<Quantity> quantities = EnumSet.of(Quantity.PM1_0, Quantity.PM2_5, Quantity.PM10,
                Quantity.PM1_0_CF1, Quantity.PM2_5_CF1, Quantity.PM10_CF1);
        if (layout != Pms5003Layout.PMS5003) {
            quantities.addAll(List.of(Quantity.TEMPERATURE, Quantity.HUMIDITY));
        }
        if (layout == Pms5003Layout.PMS5003ST) {
            quantities.add(Quantity.FORMALDEHYDE);
        }
        return Collections.unmodifiableSet(quantities);
    }

    @Override
    public ValueRange range(Quantity quantity, DriverOptions options) {
        return switch (quantity) {
            case PM1_0_CF1, PM2_5_CF1, PM10_CF1 -> CF1_RANGE;
            case TEMPERATURE -> TEMPERATURE_RANGE;
            case HUMIDITY -> HUMIDITY_RANGE;
            case FORMALDEHYDE -> FORMALDEHYDE_RANGE;
            default -> RANGE;
        };
    }

    @Override
    public Resolution resolution(Quantity quantity, DriverOptions options) {
        return switch (quantity) {
            case TEMPERATURE, HUMIDITY -> TENTHS;
            case FORMALDEHYDE -> FORMALDEHYDE_RESOLUTION;
            default -> RESOLUTION;
        };
    }

    @Override
    public Set<String> optionKeys() {
        return Set.of(MODE);
    }

    @Override
    public SerialSettings defaultSerialSettings() {
        return SerialSettings.DEFAULT_9600_8N1;
    }

    @Override
    public Duration defaultWarmUp() {
        return WARM_UP;
    }

    /** An active sensor sends at least every 2.3 s (datasheet). */
    static final Duration PROBE_LISTEN = Duration.ofMillis(2500);

    /** The PMS5003, PMS7003 and PMS5003T send alike; the PMS5003ST's longer frames need a probe of their own. */
    @Override
    public String probeGroup() {
        return layout == Pms5003Layout.PMS5003ST ? "plantower-st" : "plantower";
    }

    /** Listens for active-mode frames first; only then asks once, as a sensor in passive mode needs. */
    @Override
    public Optional<String> probe(Link link) throws IOException {
        Optional<Pms5003Frame> frame = listen(link, PROBE_LISTEN);
        String mode = "active mode";
        if (frame.isEmpty()) {
            link.write(Pms5003Commands.readPassive());
            frame = listen(link, Pms5003Driver.PASSIVE_TIMEOUT);
            mode = "passive mode";
        }
        String found = (layout == Pms5003Layout.PMS5003ST ? "Plantower PMS5003ST (model pms5003st), "
                : "Plantower PMS5003/PMS7003/PMS5003T (model pms5003, pms7003 or pms5003t), ") + mode;
        return frame.map(f -> found + ", PM2.5 " + f.pm25Atmospheric() + " ug/m3");
    }

    private Optional<Pms5003Frame> listen(Link link, Duration timeout) throws IOException {
        Pms5003Decoder decoder = new Pms5003Decoder(layout);
        byte[] buffer = new byte[256];
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            List<Pms5003Frame> frames = decoder.feed(buffer, 0, link.read(buffer, 0, buffer.length, Duration.ofNanos(left)));
            if (!frames.isEmpty()) {
                return Optional.of(frames.get(0));
            }
        }
        return Optional.empty();
    }

    @Override
    public SensorDriver create(SensorSpec spec, DriverOptions options) {
        return new Pms5003Driver(spec, options.choice(MODE, Pms5003Driver.Mode.class, Pms5003Driver.Mode.ACTIVE), layout);
    }
}
