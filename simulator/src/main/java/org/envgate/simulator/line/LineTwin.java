package org.envgate.simulator.line;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.envgate.drivers.Resolution;
import org.envgate.simulator.SampleListener;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.wire.Quantity;

/**
 * An instrument that prints lines, for the {@code line} driver: one of the {@link LineInstrument}s
 * of docs/sensors/line.md. The WXT520 at address 0 answers {@code 0R0} and CR LF with its
 * composite data message ({@code 0R0,Dn=..,Sm=..,Ta=9.0C,Ua=88.6P,Pa=1006.9H,...}); the SBE 37
 * answers {@code TS} with {@code # 20.9311,  4.72043,   10.351,   33.8732, 1521.574, 22 Nov 2026, 09:41:07};
 * both ignore anything else. The YSI 6600 prints its run line (date, time, thirteen columns)
 * every period, unasked. Air temperature peaks mid-afternoon, humidity the other way round,
 * pressure and the sea follow their twice-daily tides, the river its day; a scenario may dictate
 * the instrument's {@link LineInstrument#dictated} quantities. The out-of-range fault sends
 * 75.0 Cel, above every instrument's range; the formats have no checksum and no error answer.
 */
public final class LineTwin implements SensorTwin {

    public static final String MODEL = "line";
    static final double OUT_OF_RANGE_CELSIUS = 75.0;
    private static final DateTimeFormatter YSI_TIME = DateTimeFormatter.ofPattern("MM/dd/yy HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter SBE_TIME = DateTimeFormatter.ofPattern("dd MMM yyyy, HH:mm:ss", Locale.ROOT);
    private static final Resolution DEFAULT_RESOLUTION = Resolution.of("0.001");

    private final LineInstrument instrument;
    private final TwinOptions options;
    private final ZoneId zone;
    private final Random faults;
    private final Random noise;
    private final List<SampleListener> listeners = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final StringBuilder heard = new StringBuilder();
    private final TwinFaults switchedFaults = new TwinFaults();
    private double[] last;
    private long nextLineMillis = Long.MIN_VALUE;

    public LineTwin(LineInstrument instrument, TwinOptions options, ZoneId zone) {
        this.instrument = instrument;
        this.options = options;
        this.zone = zone;
        this.faults = new Random(options.seed());
        this.noise = new Random(options.seed() * 31 + 11);
    }

    @Override
    public String model() {
        return MODEL;
    }

    public LineInstrument instrument() {
        return instrument;
    }

    @Override
    public TwinFaults faults() {
        return switchedFaults;
    }

    @Override
    public void addListener(SampleListener listener) {
        listeners.add(listener);
    }

    @Override
    public void receive(byte[] bytes, int offset, int length, long nowMillis) {
        for (int i = offset; i < offset + length; i++) {
            char c = (char) (bytes[i] & 0xFF);
            if (c == '\n') {
                if (instrument.command() != null && heard.toString().strip().equals(instrument.command())) {
                    answer(nowMillis);
                }
                heard.setLength(0);
            } else if (heard.length() < 64) {
                heard.append(c);
            }
        }
    }

    @Override
    public byte[] poll(long nowMillis) {
        if (instrument.command() == null && nowMillis >= nextLineMillis) {
            nextLineMillis = nowMillis + options.period().toMillis();
            answer(nowMillis);
        }
        byte[] bytes = output.toByteArray();
        output.reset();
        return bytes;
    }

    /** The composite message for these values, as the WXT prints it with metric units. */
    static String message(double temperature, double humidity, double pressure, int direction, double speed) {
        return String.format(Locale.ROOT, "0R0,Dn=%03dD,Dm=%03dD,Dx=%03dD,Sn=%.1fM,Sm=%.1fM,Sx=%.1fM,Ta=%.1fC,Ua=%.1fP,"
                        + "Pa=%.1fH,Rc=0.00M,Rd=0s,Ri=0.0M,Th=%.1fC,Vh=0.0N\r\n",
                (direction + 340) % 360, direction, (direction + 20) % 360, Math.max(0, speed - 0.8), speed, speed + 1.1,
                temperature, humidity, pressure, temperature + 0.3);
    }

    /** A line and the values the documented format reads from it. */
    private record Printed(String line, Map<Quantity, Double> sample) {
    }

    private void answer(long timeMillis) {
        double[] values = last != null && switchedFaults.on(TwinFaults.Fault.STUCK) ? last : values(timeMillis);
        last = values;
        boolean outOfRange = switchedFaults.on(TwinFaults.Fault.OUT_OF_RANGE);
        if (strikes(TwinFaults.Fault.GARBAGE, options.garbageProbability())) {
            byte[] bytes = new byte[1 + faults.nextInt(8)];
            faults.nextBytes(bytes);
            output.writeBytes(bytes);
        }
        Printed printed = print(values, outOfRange, timeMillis);
        byte[] line = printed.line().getBytes(StandardCharsets.US_ASCII);
        if (strikes(TwinFaults.Fault.TORN, options.tornProbability())) {
            output.write(line, 0, 1 + faults.nextInt(line.length - 3));
            return;
        }
        output.writeBytes(line);
        if (!outOfRange) {
            TwinSample sent = new TwinSample(MODEL, printed.sample(), timeMillis);
            listeners.forEach(listener -> listener.sent(sent));
        }
    }

    private Printed print(double[] values, boolean outOfRange, long timeMillis) {
        double temperature = outOfRange ? OUT_OF_RANGE_CELSIUS : values[0];
        LocalDateTime time = LocalDateTime.ofInstant(Instant.ofEpochMilli(timeMillis), zone);
        Map<Quantity, Double> sample = new EnumMap<>(Quantity.class);
        return switch (instrument) {
            case WXT -> {
                sample.put(Quantity.TEMPERATURE, values[0]);
                sample.put(Quantity.HUMIDITY, values[1]);
                sample.put(Quantity.PRESSURE, values[2]);
                yield new Printed(message(temperature, values[1], values[2], (int) values[3], values[4]), sample);
            }
            case YSI6600 -> {
                double conductivity = values[1];
                double specific = conductivity / (1 + 0.0191 * (values[0] - 25));
                String[] columns = {
                    YSI_TIME.format(time),
                    number("%.2f", temperature),
                    number("%.0f", specific),
                    number("%.0f", conductivity),
                    number("%.1f", 1e6 / Math.max(1, conductivity)),
                    number("%.4f", specific * 0.65 / 1000),
                    number("%.2f", specific * 0.000485),
                    number("%.1f", values[2] / 9.1 * 100),
                    number("%.1f", values[2] / 9.1 * 100 + 0.5),
                    number("%.2f", values[2]),
                    number("%.1f", 48.2 + 0.3 * noise.nextGaussian()),
                    number("%.2f", values[3]),
                    number("%.1f", -59.2 * (values[3] - 7) - 9),
                    number("%.1f", values[4])};
                sample.put(Quantity.TEMPERATURE, read(columns[1], 1, DEFAULT_RESOLUTION));
                sample.put(Quantity.CONDUCTIVITY, read(columns[3], 1, DEFAULT_RESOLUTION));
                sample.put(Quantity.TDS, read(columns[5], 1000, DEFAULT_RESOLUTION));
                sample.put(Quantity.SALINITY, read(columns[6], 1, DEFAULT_RESOLUTION));
                sample.put(Quantity.DISSOLVED_OXYGEN, read(columns[9], 1, DEFAULT_RESOLUTION));
                sample.put(Quantity.PH, read(columns[11], 1, DEFAULT_RESOLUTION));
                sample.put(Quantity.ORP, read(columns[13], 1, DEFAULT_RESOLUTION));
                yield new Printed(String.join("    ", columns) + "\r\n", sample);
            }
            case SBE37 -> {
                String celsius = number("%.4f", temperature);
                String siemens = number("%.5f", values[1] / 10_000);
                String salinity = number("%.4f", values[2]);
                sample.put(Quantity.TEMPERATURE, read(celsius, 1, Resolution.of("0.0001")));
                sample.put(Quantity.CONDUCTIVITY, read(siemens, 10_000, Resolution.of("0.1")));
                sample.put(Quantity.SALINITY, read(salinity, 1, Resolution.of("0.0001")));
                yield new Printed(String.format(Locale.ROOT, "# %7s, %8s, %8.3f, %9s, %8.3f, %s\r\n", celsius, siemens,
                        values[3], salinity, 1449 + 4.6 * values[0] + 1.34 * (values[2] - 35), SBE_TIME.format(time)), sample);
            }
        };
    }

    private static String number(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }

    /** The value the documented format reads from a printed number: times its scale, to its resolution. */
    private static double read(String printed, double scale, Resolution resolution) {
        return resolution.round(Double.parseDouble(printed) * scale);
    }

    /** The instrument's values, each at the resolution it prints them, then what else it needs. */
    private double[] values(long timeMillis) {
        double hour = LocalTime.ofInstant(Instant.ofEpochMilli(timeMillis), zone).toSecondOfDay() / 3600.0;
        double afternoon = Math.cos(2 * Math.PI * (hour - 15) / 24);
        double tide = Math.cos(4 * Math.PI * (hour - 10) / 24);
        return switch (instrument) {
            case WXT -> new double[] {
                round(signal(Quantity.TEMPERATURE, timeMillis, 27 + 4 * afternoon + 0.2 * noise.nextGaussian()), -52, 60, 10),
                round(signal(Quantity.HUMIDITY, timeMillis, 78 - 14 * afternoon + 0.8 * noise.nextGaussian()), 0, 100, 10),
                round(signal(Quantity.PRESSURE, timeMillis, 1009 + 1.2 * tide + 0.1 * noise.nextGaussian()), 600, 1100, 10),
                Math.floorMod(180 + (int) Math.round(40 * noise.nextGaussian()), 360),
                round(Math.abs(2.5 + noise.nextGaussian()), 0, 60, 10)};
            case YSI6600 -> new double[] {
                round(signal(Quantity.TEMPERATURE, timeMillis, 21.5 + 1.5 * afternoon + 0.05 * noise.nextGaussian()), -5, 50, 100),
                round(signal(Quantity.CONDUCTIVITY, timeMillis, 398 + 12 * afternoon + 2 * noise.nextGaussian()), 1, 100_000, 1),
                round(signal(Quantity.DISSOLVED_OXYGEN, timeMillis, 8.6 + 0.8 * afternoon + 0.05 * noise.nextGaussian()), 0, 50, 100),
                round(signal(Quantity.PH, timeMillis, 7.42 + 0.2 * afternoon + 0.01 * noise.nextGaussian()), 0, 14, 100),
                round(signal(Quantity.ORP, timeMillis, 187.5 - 6 * afternoon + 0.5 * noise.nextGaussian()), -999, 999, 10)};
            case SBE37 -> new double[] {
                round(signal(Quantity.TEMPERATURE, timeMillis, 20.9 + 0.6 * tide + 0.002 * noise.nextGaussian()), -5, 45, 10_000),
                round(signal(Quantity.CONDUCTIVITY, timeMillis, 47_204 + 300 * tide + 5 * noise.nextGaussian()), 0, 70_000, 10),
                round(signal(Quantity.SALINITY, timeMillis, 33.87 + 0.2 * tide + 0.001 * noise.nextGaussian()), 0, 42, 10_000),
                round(10.35 + 0.8 * tide, 0, 7000, 1000)};
        };
    }

    private double signal(Quantity quantity, long timeMillis, double own) {
        return options.signals().value(quantity, timeMillis).orElse(own);
    }

    /** The value kept within the instrument's range, rounded to 1/perUnit. */
    private static double round(double value, double min, double max, double perUnit) {
        return Math.round(Math.max(min, Math.min(max, value)) * perUnit) / perUnit;
    }

    private boolean strikes(TwinFaults.Fault fault, double probability) {
        return switchedFaults.strikes(fault, probability, faults);
    }
}
