package org.envgate.simulator.ds18b20;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.envgate.simulator.SampleListener;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.wire.Quantity;

/**
 * A DS18B20 as the Linux w1-therm driver shows it: a device folder holding {@code w1_slave} and
 * {@code temperature}, rewritten on every {@link #update}. Not a serial twin: a gateway reads it
 * by naming the folder as the sensor's {@code port:}. Clockless like the serial twins; {@link #run}
 * drives it with the real clock.
 *
 * <p>Signal: water temperature with a daily cycle (coolest near 06:00) and slowly wandering
 * seeded noise, in the sensor's 1/16 Cel steps. Faults: {@link TwinFaults.Fault#STUCK} repeats
 * the last value, {@link TwinFaults.Fault#OUT_OF_RANGE} writes +127 Cel (encodable, beyond the
 * datasheet's +125), {@link TwinFaults.Fault#SILENT} leaves {@code w1_slave} empty (what kernels
 * since 5.9 show when nothing answers), the 1-wire faults of {@link W1Fault}, and
 * {@link TwinOptions#badChecksumProbability()} per update.
 */
public final class W1SysfsTwin {

    public static final String MODEL = "ds18b20";

    /** What goes wrong on a 1-wire bus, as the kernel then shows it. */
    public enum W1Fault {
        /** Noise on the bus: the kernel computes another CRC and says NO. */
        CRC_NO,
        /** The sensor browned out: the power-on scratchpad, +85 Cel. */
        POWER_ON,
        /** The data line held low: nine zero bytes, which pass the CRC. */
        ALL_ZERO,
        /** Unplugged long enough for the kernel to remove the device folder. */
        UNPLUGGED
    }

    private static final double MEAN = 24;
    private static final double DAILY_SWING = 2.5;
    private static final int OUT_OF_RANGE_SIXTEENTHS = 127 * 16;

    private final Path device;
    private final TwinOptions options;
    private final ZoneId zone;
    private final Random noise;
    private final Random faultDice;
    private final TwinFaults faults = new TwinFaults();
    private final Set<W1Fault> w1Faults = EnumSet.noneOf(W1Fault.class);
    private final List<SampleListener> listeners = new CopyOnWriteArrayList<>();
    private double wander;
    private int[] lastGood;
    private int lastSixteenths = Integer.MIN_VALUE;

    /** A twin whose folder is {@code device}, e.g. {@code <dir>/28-0316a2797aff}. */
    public W1SysfsTwin(Path device, TwinOptions options, ZoneId zone) {
        this.device = device;
        this.options = options;
        this.zone = zone;
        this.noise = new Random(options.seed() * 31 + 7);
        this.faultDice = new Random(options.seed());
        this.lastGood = ScratchpadEncoder.powerOn();
    }

    /** What a gateway config's {@code port:} should say. */
    public Path device() {
        return device;
    }

    public TwinFaults faults() {
        return faults;
    }

    public synchronized void set(W1Fault fault, boolean on) {
        if (on) {
            w1Faults.add(fault);
        } else {
            w1Faults.remove(fault);
        }
    }

    public void addListener(SampleListener listener) {
        listeners.add(listener);
    }

    /** Writes what a read at {@code nowMillis} would show; reports a sample when it is a valid one. */
    public synchronized void update(long nowMillis) {
        try {
            if (w1Faults.contains(W1Fault.UNPLUGGED)) {
                deleteDevice();
                return;
            }
            Files.createDirectories(device);
            if (faults.on(TwinFaults.Fault.SILENT)) {
                write("w1_slave", "");
                return;
            }
            if (w1Faults.contains(W1Fault.ALL_ZERO)) {
                writeRead(new int[9], true);
                return;
            }
            if (w1Faults.contains(W1Fault.POWER_ON)) {
                writeRead(ScratchpadEncoder.powerOn(), true);
                return;
            }
            int sixteenths = sixteenths(nowMillis);
            int[] scratchpad = ScratchpadEncoder.scratchpad(sixteenths);
            if (w1Faults.contains(W1Fault.CRC_NO) || chance(options.badChecksumProbability())) {
                scratchpad[faultDice.nextInt(8)] ^= 1 << faultDice.nextInt(8);
                writeRead(scratchpad, false);
                return;
            }
            writeRead(scratchpad, true);
            // The driver rounds the kernel's cut millidegrees back to the chip's sixteenths.
            TwinSample sample = new TwinSample(MODEL, Map.of(Quantity.TEMPERATURE, sixteenths / 16.0), nowMillis);
            listeners.forEach(listener -> listener.sent(sample));
        } catch (IOException e) {
            throw new UncheckedIOException(device + ": cannot write the twin's files", e);
        }
    }

    /** Updates the files every period with the real clock, on a daemon thread, until closed. */
    public AutoCloseable run() {
        Clock clock = Clock.systemUTC();
        Thread thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    update(clock.millis());
                    Thread.sleep(options.period().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "twin-ds18b20-" + device.getFileName());
        thread.setDaemon(true);
        thread.start();
        return () -> {
            thread.interrupt();
            thread.join(1000);
        };
    }

    private int sixteenths(long nowMillis) {
        if (faults.on(TwinFaults.Fault.STUCK) && lastSixteenths != Integer.MIN_VALUE) {
            return lastSixteenths;
        }
        wander = 0.95 * wander + 0.05 * noise.nextGaussian();
        double hour = LocalTime.ofInstant(Instant.ofEpochMilli(nowMillis), zone).toSecondOfDay() / 3600.0;
        double celsius = MEAN - DAILY_SWING * Math.cos(2 * Math.PI * (hour - 6) / 24) + wander;
        int value = faults.on(TwinFaults.Fault.OUT_OF_RANGE) ? OUT_OF_RANGE_SIXTEENTHS : (int) Math.round(celsius * 16);
        lastSixteenths = value;
        return value;
    }

    private void writeRead(int[] scratchpad, boolean crcOk) throws IOException {
        if (crcOk) {
            lastGood = scratchpad.clone();
        }
        write("w1_slave", ScratchpadEncoder.w1Slave(scratchpad, lastGood, crcOk));
        int sixteenths = (short) (scratchpad[0] | scratchpad[1] << 8);
        write("temperature", crcOk ? sixteenths * 1000 / 16 + "\n" : "");
    }

    /** Replaces a file in one step, so a reader never sees half of it. */
    private void write(String name, String text) throws IOException {
        Path temporary = device.resolve("." + name + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        Files.move(temporary, device.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void deleteDevice() throws IOException {
        if (!Files.isDirectory(device)) {
            return;
        }
        try (var files = Files.list(device)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(device);
    }

    private boolean chance(double probability) {
        return probability > 0 && faultDice.nextDouble() < probability;
    }
}
