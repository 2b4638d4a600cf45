package org.envgate.gateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.common.testing.Mosquitto;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.buffer.BufferWriter;
import org.envgate.gateway.buffer.ReadingBuffer;
import org.envgate.gateway.clock.ClockWatch;
import org.envgate.gateway.clock.Stamp;
import org.envgate.gateway.clock.TakenReading;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.gateway.config.MqttConfig;
import org.envgate.gateway.config.SensorConfig;
import org.envgate.gateway.config.StorageConfig;
import org.envgate.gateway.poll.Sample;
import org.envgate.gateway.quality.QualityStage;
import org.envgate.gateway.uplink.Uplink;
import org.envgate.gateway.uplink.UplinkState;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;

/**
 * The buffer and the uplink at full speed, in this JVM (run it with the gateway's memory
 * settings, {@code -Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}; {@code bench/store-and-forward.sh} does):
 *
 * <ol>
 *   <li>durable append: a backlog of N readings appended in groups, each group one committed,
 *       synced transaction, as the buffer writer commits them under load;</li>
 *   <li>drain: the uplink sends the whole backlog to Debian's mosquitto on loopback at QoS 1
 *       and removes each pack on its PUBACK, until the buffer is empty;</li>
 *   <li>bytes the process wrote to disk per reading over append, delivery and removal
 *       ({@code write_bytes} of {@code /proc/self/io}), and the largest resident set size seen
 *       ({@code VmHWM} of {@code /proc/self/status}).</li>
 * </ol>
 * Each run starts from an empty buffer; the medians over the runs are printed last.
 *
 * <p>Each run is followed by the peer of issue 17 ({@code SqliteForwarder}, the plain SQLite
 * table and Paho loop, in the folder {@code PEER} names, by default
 * {@code ../shared/peers/sqlite-forwarder}) against the same broker, with this JVM's flags, in
 * its {@code pack:500} mode over as many readings and its {@code kura} mode (one reading per
 * message) over {@link #KURA_READINGS}; each run prints envgate's figures as ratios to the
 * peer's of the same run, and the medians of those ratios come last. Without the peer the
 * ratios are left out.
 */
public final class StoreAndForwardBenchmark {

    /** The peer's one-message-a-reading mode is slow: this many readings time it well enough. */
    private static final int KURA_READINGS = 20_000;
    /** Packs in flight, for envgate and the peer alike. */
    private static final int IN_FLIGHT = 20;

    /** The sensors a live run's readings come from, each in turn. */
    private static final int SENSORS = 100;
    private static final GatewayHealth HEALTH = new GatewayHealth("bench", "bench", OptionalLong.empty(), 0, 0, 0, 0,
            0, 0, 0, 0, "unknown", 0, 0, List.of());

    private StoreAndForwardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("live") || args[0].equals("live-qc"))) {
            live(args.length > 1 ? Integer.parseInt(args[1]) : 100, args.length > 2 ? Integer.parseInt(args[2]) : 60,
                    Path.of(args.length > 3 ? args[3] : "gateway/target/bench"), args[0].equals("live-qc"));
            return;
        }
        if (args.length > 0 && args[0].equals("flood")) {
            flood(args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000, args.length > 2 ? Integer.parseInt(args[2]) : 500,
                    args.length > 3 ? Integer.parseInt(args[3]) : IN_FLIGHT, args.length > 4 ? Integer.parseInt(args[4]) : 5,
                    Path.of("gateway/target/bench"));
            return;
        }
        int readings = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int group = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        Path work = Path.of(args.length > 3 ? args[3] : "gateway/target/bench");
        Files.createDirectories(work);
        System.out.printf(Locale.ROOT, "store-and-forward: %,d readings per run, groups of %,d, %d runs, storage %s, "
                + "max heap %d MB%n", readings, group, runs, work.toAbsolutePath(),
                Runtime.getRuntime().maxMemory() >> 20);

        List<Double> appendRates = new ArrayList<>();
        List<Double> drainRates = new ArrayList<>();
        List<Double> bytesPerReading = new ArrayList<>();
        List<Double> diskBytesPerReading = new ArrayList<>();
        List<Double> appendRatios = new ArrayList<>();
        List<Double> drainRatios = new ArrayList<>();
        List<Double> kuraRatios = new ArrayList<>();
        Optional<Path> peer = peerSource();
        if (peer.isEmpty()) {
            System.out.println("peer not found (set PEER to the folder of sqlite-forwarder): no ratios");
        }
        try (Mosquitto broker = new Mosquitto(work)) {
            for (int run = 1; run <= runs; run++) {
                Path storage = work.resolve("run-" + run);
                deleteTree(storage);
                Files.createDirectories(storage);
                long writtenBefore = writeBytes();
                try (ReadingBuffer buffer = ReadingBuffer.open(
                        new StorageConfig(storage, 8L << 30, StorageConfig.WhenFull.DROP_OLDEST, 0))) {
                    long start = System.nanoTime();
                    for (int at = 0; at < readings; at += group) {
                        buffer.append(batch(at, Math.min(group, readings - at)));
                    }
                    double appendSeconds = (System.nanoTime() - start) / 1e9;
                    long onDisk = Files.size(buffer.file());

                    Uplink uplink = new Uplink(config(broker.url()), "bench", buffer, "bench", Clock.systemUTC(),
                            () -> HEALTH);
                    uplink.start();
                    // Timed from the connection on, as the peer times its drain.
                    while (uplink.state() != UplinkState.ONLINE) {
                        Thread.onSpinWait();
                    }
                    start = System.nanoTime();
                    while (buffer.count() > 0) {
                        Thread.sleep(5);
                    }
                    double drainSeconds = (System.nanoTime() - start) / 1e9;
                    long acknowledged = uplink.sent();
                    uplink.close();
                    if (acknowledged < readings) {
                        throw new IllegalStateException("only " + acknowledged + " of " + readings + " acknowledged");
                    }
                    double written = (double) (writeBytes() - writtenBefore) / readings;
                    appendRates.add(readings / appendSeconds);
                    drainRates.add(readings / drainSeconds);
                    bytesPerReading.add(written);
                    diskBytesPerReading.add((double) onDisk / readings);
                    System.out.printf(Locale.ROOT, "run %d: append %,.0f readings/s, drain %,.0f readings/s "
                                    + "(%,d acknowledged, %,d resent), %.0f bytes written per reading, "
                                    + "buffer file %.1f bytes per reading, peak RSS %d MB, RSS now %d MB%n",
                            run, readings / appendSeconds, readings / drainSeconds, acknowledged, uplink.resent(),
                            written, (double) onDisk / readings, peakRssKb() >> 10, rssKb() >> 10);
                    if (peer.isPresent()) {
                        PeerRun pack = runPeer(peer.get(), broker.url(), readings, "pack:500", storage);
                        PeerRun kura = runPeer(peer.get(), broker.url(), KURA_READINGS, "kura", storage);
                        appendRatios.add(readings / appendSeconds / pack.append());
                        drainRatios.add(readings / drainSeconds / pack.drain());
                        kuraRatios.add(readings / drainSeconds / kura.drain());
                        System.out.printf(Locale.ROOT, "run %d, peer: pack:500 append %,.0f readings/s, drain %,.0f "
                                        + "readings/s; kura drain %,.0f readings/s; envgate's append %.2fx the peer's, "
                                        + "drain %.2fx pack:500 and %.0fx kura%n", run, pack.append(), pack.drain(),
                                kura.drain(), appendRatios.get(run - 1), drainRatios.get(run - 1), kuraRatios.get(run - 1));
                    }
                }
                deleteTree(storage);
            }
        }
        System.out.printf(Locale.ROOT, "median over %d runs: durable append %,.0f readings/s; drain to mosquitto at "
                        + "QoS 1 %,.0f readings/s (%,.0f times one message a second of %d readings); %.0f bytes "
                        + "written per reading (append + delivery + removal); buffer file %.1f bytes per reading; "
                        + "peak RSS %d MB%n",
                runs, median(appendRates), median(drainRates), median(drainRates) / 500, 500, median(bytesPerReading),
                median(diskBytesPerReading), peakRssKb() >> 10);
        if (peer.isPresent()) {
            System.out.printf(Locale.ROOT, "median ratio to the peer in the same run: durable append %.2fx (target 2x), "
                            + "drain %.2fx pack:500 (target 2x), %.0fx kura (target 50x)%n",
                    median(appendRatios), median(drainRatios), median(kuraRatios));
        }
    }

    private record PeerRun(double append, double drain) {
    }

    /** The peer's source file, if its folder is there. */
    private static Optional<Path> peerSource() {
        Path folder = Path.of(Optional.ofNullable(System.getenv("PEER")).orElse("../shared/peers/sqlite-forwarder"));
        Path source = folder.resolve("src/main/java/SqliteForwarder.java");
        return Files.isRegularFile(source) ? Optional.of(source.toAbsolutePath()) : Optional.empty();
    }

    /**
     * Runs the peer as its own JVM with this one's flags and classpath (the same SQLite and
     * Paho), its database in {@code storage}, and reads the rates it prints.
     */
    private static PeerRun runPeer(Path source, String url, int readings, String mode, Path storage) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), source.toString(), url,
                Integer.toString(readings), mode, Integer.toString(IN_FLIGHT), storage.resolve("peer.db").toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("peer " + mode + " failed: " + output);
        }
        Matcher rates = Pattern.compile("append_per_s=(\\d+) drain_per_s=(\\d+)").matcher(output);
        if (!rates.find()) {
            throw new IllegalStateException("peer " + mode + " printed no rates: " + output);
        }
        return new PeerRun(Double.parseDouble(rates.group(1)), Double.parseDouble(rates.group(2)));
    }

    /**
     * The bound that the broker, the loopback and the client library set, with no buffer at
     * all: one pack of {@code perPack} readings, encoded once, published again and again at QoS 1
     * with {@code inFlight} awaiting their PUBACK, as the uplink publishes, until {@code readings}
     * readings are acknowledged; each line one run, the median last.
     */
    private static void flood(int readings, int perPack, int inFlight, int runs, Path work) throws Exception {
        Files.createDirectories(work);
        byte[] payload = SenmlCodec.encode("bench", batch(0, perPack));
        int messages = (readings + perPack - 1) / perPack;
        System.out.printf(Locale.ROOT, "flood: %,d messages of %d readings (%,d bytes), %d in flight%n", messages, perPack,
                payload.length, inFlight);
        List<Double> rates = new ArrayList<>();
        try (Mosquitto broker = new Mosquitto(work)) {
            for (int run = 1; run <= runs; run++) {
                MqttAsyncClient client = new MqttAsyncClient(broker.url(), "flood-" + run, new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setMaxInflight(inFlight + 2);
                client.connect(options).waitForCompletion();
                Semaphore window = new Semaphore(inFlight);
                CountDownLatch acknowledged = new CountDownLatch(messages);
                IMqttActionListener onPuback = new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        window.release();
                        acknowledged.countDown();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable cause) {
                        throw new IllegalStateException("publish failed", cause);
                    }
                };
                long start = System.nanoTime();
                for (int i = 0; i < messages; i++) {
                    window.acquire();
                    client.publish("envgate/bench/readings", payload, 1, false, null, onPuback);
                }
                acknowledged.await();
                double rate = (double) messages * perPack / ((System.nanoTime() - start) / 1e9);
                rates.add(rate);
                System.out.printf(Locale.ROOT, "run %d: %,.0f readings/s, %,.0f messages/s%n", run, rate, rate / perPack);
                client.disconnect().waitForCompletion();
                client.close();
            }
        }
        System.out.printf(Locale.ROOT, "median: %,.0f readings/s%n", median(rates));
    }

    /**
     * A station at work: {@code rate} readings a second for {@code seconds}, through the buffer
     * writer's group commits and the uplink online, as the gateway runs them; prints the bytes
     * written to disk per reading, the figure that wears an SD card. With {@code qc}, every
     * reading goes through the gateway's quality stage first, its sensor a PMS5003 with the
     * default tests and a calibration, so that every reading is sent calibrated with its raw value
     * beside it (the most quality control adds to a reading that passes).
     */
    private static void live(int rate, int seconds, Path work, boolean qc) throws Exception {
        Path storage = work.resolve("live");
        deleteTree(storage);
        Files.createDirectories(storage);
        int total = rate * seconds;
        System.out.printf(Locale.ROOT, "store-and-forward, live%s: %d readings/s for %d s, storage %s%n",
                qc ? " through quality control, every reading calibrated" : "", rate, seconds, storage.toAbsolutePath());
        try (Mosquitto broker = new Mosquitto(work)) {
            ClockWatch clock = ClockWatch.system(Clock.systemUTC());
            ReadingBuffer buffer = ReadingBuffer.open(new StorageConfig(storage, 8L << 30, StorageConfig.WhenFull.DROP_OLDEST, 0));
            long writtenBefore = writeBytes();
            // Closed before the bytes are read: closing writes the open minute and removes the
            // acknowledged readings that waited for it, writes a station makes once a minute.
            try (buffer;
                 Uplink uplink = new Uplink(config(broker.url()), "bench", buffer, "bench", Clock.systemUTC(),
                    () -> HEALTH)) {
                uplink.start();
                try (BufferWriter writer = new BufferWriter(buffer, clock, uplink::wake)) {
                    QualityStage quality = new QualityStage(qc ? calibratedStation(storage, rate) : List.of(), writer::accept);
                    long start = System.nanoTime();
                    for (int i = 0; i < total; i++) {
                        long due = start + (long) (i * 1e9 / rate);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        Stamp stamp = clock.stamp();
                        Reading reading = new Reading("sensor-" + (i % SENSORS), Quantity.PM2_5, 10 + (i % 97) / 10.0,
                                stamp.wallMillis());
                        if (qc) {
                            quality.accept(new Sample(reading.sensor(), List.of(reading), stamp.monoMillis(), true, false));
                        } else {
                            writer.accept(new TakenReading(reading, stamp.monoMillis(), true));
                        }
                    }
                }
                while (uplink.sent() < total || buffer.count() > 0) {
                    Thread.sleep(50);
                }
            }
            double written = (double) (writeBytes() - writtenBefore) / total;
            System.out.printf(Locale.ROOT, "live: %,d readings taken, sent and removed; %.0f bytes written to disk per "
                    + "reading (%.1f kB/s, %.2f GB a day); peak RSS %d MB%n", total, written, written * rate / 1000,
                    written * rate * 86_400 / 1e9, peakRssKb() >> 10);
        }
        deleteTree(storage);
    }

    /**
     * The sensors of a live run as a gateway config would have them: PMS5003s read at the pace
     * the run gives each, with the default tests and a calibration of their PM2.5.
     */
    private static List<SensorConfig> calibratedStation(Path storage, int rate) throws Exception {
        StringBuilder yaml = new StringBuilder("gateway: {id: bench}\nstorage: {path: " + storage.toAbsolutePath()
                + "}\nmqtt: {url: \"tcp://localhost:1883\"}\nsensors:\n");
        long intervalMillis = Math.max(1, SENSORS * 1000L / rate);
        for (int sensor = 0; sensor < SENSORS; sensor++) {
            yaml.append("  - {id: sensor-").append(sensor).append(", model: pms5003, port: /dev/ttyBENCH").append(sensor)
                    .append(", interval: ").append(intervalMillis).append("ms")
                    .append(", calibration: {pm2_5: {slope: 0.55, offset: 2.16, date: 2026-11-08}}}\n");
        }
        return new GatewayConfigLoader(DriverRegistry.load()).parse("bench.yaml", yaml.toString()).sensors();
    }

    private static MqttConfig config(String url) {
        return new MqttConfig(url, "envgate", "envgate-bench", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 500, IN_FLIGHT, Duration.ofSeconds(30), Duration.ofSeconds(2),
                Duration.ofHours(1));
    }

    /** 100 sensors' readings, one second apart per sensor, like a station's day. */
    private static List<Reading> batch(int from, int count) {
        List<Reading> list = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            list.add(new Reading("sensor-" + (i % 100), Quantity.PM2_5, 10 + (i % 997) / 10.0,
                    1_795_000_000_000L + (i / 100) * 1000L));
        }
        return list;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Bytes this process caused to be written to storage, from {@code /proc/self/io}. */
    private static long writeBytes() throws IOException {
        return procField(Path.of("/proc/self/io"), "write_bytes:");
    }

    private static long rssKb() throws IOException {
        return procField(Path.of("/proc/self/status"), "VmRSS:");
    }

    private static long peakRssKb() throws IOException {
        return procField(Path.of("/proc/self/status"), "VmHWM:");
    }

    private static long procField(Path file, String name) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).replace("kB", "").trim());
            }
        }
        throw new IOException(file + " has no " + name);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
