package org.envgate.ingest.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.envgate.common.testing.Mosquitto;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.config.IngestConfig;
import org.envgate.ingest.store.InfluxStore;
import org.envgate.ingest.testing.IngestConfigs;
import org.envgate.ingest.testing.QuestDbFixture;
import org.envgate.ingest.testing.TestClient;
import org.envgate.ingest.testing.VictoriaMetrics;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;

/**
 * Readings per second from the broker into the store, each message acknowledged only after
 * the store accepted it. Each run first fills the broker with a backlog (ingest away, its
 * persistent session holding the messages), then starts ingest and times from its first
 * message to its last acknowledgement, and checks that the store holds every reading.
 *
 * <p>After ingest, each run times the baseline of issue 17 on the same backlog, queued for it in
 * its own session: {@link PlainReader}, a reader that writes the same points through the same
 * store client without validating anything, and prints ingest's rate as a ratio to it.
 *
 * <p>Run with {@code bench/ingest-throughput.sh}; arguments:
 * {@code [questdb|victoria-metrics] [readings per pack] [readings per run] [runs]}.
 */
public final class IngestBenchmark {

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String storeKind = args.length > 0 ? args[0] : "questdb";
        int perPack = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int perRun = args.length > 2 ? Integer.parseInt(args[2]) : 400_000;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int packs = perRun / perPack;
        Path dir = Files.createTempDirectory("envgate-ingest-bench");
        List<Double> rates = new ArrayList<>();
        List<Double> baselineRates = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        try (Mosquitto broker = new Mosquitto(dir); Store store = Store.start(storeKind, dir)) {
            IngestConfig config = IngestConfigs.external(broker.url(), "bench", "ingest-bench", null, store.url(), "");
            // The first start creates the persistent session that holds each run's backlog.
            try (Ingest ignored = Ingest.start(config)) {
                awaitConnected(ignored);
            }
            InfluxStore baselineStore = new InfluxStore(config.influx().orElseThrow());
            PlainReader baseline = new PlainReader(broker.url(), "ingest-baseline", "bench", baselineStore);
            baseline.connect();
            baseline.disconnect();
            // Recent enough for any store's retention (VictoriaMetrics keeps one month by default).
            long start = System.currentTimeMillis() - 20L * 86_400_000;
            for (int run = 0; run < runs; run++) {
                long before = store.stored();
                try (TestClient gateways = new TestClient(broker.url())) {
                    for (int p = 0; p < packs; p++) {
                        String gateway = "gw-bench-" + (p % 50);
                        long t = start + ((long) run * packs + p) * (perPack / 4 + 1) * 1000L;
                        gateways.publish("bench/" + gateway + "/readings", SenmlCodec.encode(gateway, pack(perPack, t)));
                    }
                }
                long first = 0;
                long last;
                try (Ingest ingest = Ingest.start(config)) {
                    while (true) {
                        long now = System.nanoTime();
                        if (first == 0 && ingest.counters().messages() > 0) {
                            first = now;
                        }
                        if (ingest.counters().acknowledged() >= packs) {
                            last = now;
                            break;
                        }
                        Thread.sleep(1);
                    }
                }
                double seconds = (last - first) / 1e9;
                double rate = packs * perPack / seconds;
                rates.add(rate);
                long stored = store.awaitStored(before + (long) packs * perPack) - before;
                System.out.printf(Locale.ROOT, "run %d: %d readings in %d packs of %d, %.2f s, %.0f readings/s; "
                        + "%d new readings in the store%n", run + 1, packs * perPack, packs, perPack, seconds, rate, stored);

                double baselineRate = packs * perPack / timeBaseline(baseline, packs);
                baselineRates.add(baselineRate);
                ratios.add(rate / baselineRate);
                System.out.printf(Locale.ROOT, "run %d, baseline (plain reader, no validation): %.0f readings/s; "
                        + "ingest %.2fx the baseline%n", run + 1, baselineRate, rate / baselineRate);
            }
            baseline.close();
            baselineStore.close();
        }
        System.out.printf(Locale.ROOT, "median over %d runs: %.0f readings/s (broker -> %s, acknowledged); baseline "
                        + "%.0f readings/s; ingest %.2fx the baseline in the same run (target 1.5x)%n", runs,
                median(rates), storeKind, median(baselineRates), median(ratios));
    }

    /** Seconds from the baseline's first message to its acknowledgement of the last of {@code packs}. */
    private static double timeBaseline(PlainReader baseline, int packs) throws Exception {
        long before = baseline.acknowledged();
        long messagesBefore = baseline.messages();
        baseline.connect();
        long first = 0;
        long last;
        while (true) {
            long now = System.nanoTime();
            if (first == 0 && baseline.messages() > messagesBefore) {
                first = now;
            }
            if (baseline.acknowledged() - before >= packs) {
                last = now;
                break;
            }
            Thread.sleep(1);
        }
        baseline.disconnect();
        return (last - first) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void awaitConnected(Ingest ingest) throws InterruptedException {
        for (int i = 0; i < 300 && !ingest.connected(); i++) {
            Thread.sleep(100);
        }
    }

    /** {@code n} readings: rounds of pm2_5, pm10, temperature and humidity, one second apart. */
    private static List<Reading> pack(int n, long startMillis) {
        List<Reading> readings = new ArrayList<>(n);
        Quantity[] quantities = {Quantity.PM2_5, Quantity.PM10, Quantity.TEMPERATURE, Quantity.HUMIDITY};
        for (int i = 0; i < n; i++) {
            Quantity q = quantities[i % 4];
            readings.add(new Reading(q == Quantity.PM2_5 || q == Quantity.PM10 ? "pm" : "air", q,
                    10 + (i % 97) * 0.25, startMillis + (i / 4) * 1000L));
        }
        return readings;
    }

    /** The store under test and how to count what it holds. */
    private interface Store extends AutoCloseable {

        String url();

        long stored() throws Exception;

        /** Waits until the store holds {@code expected} readings (or 60 s) and returns what it holds. */
        default long awaitStored(long expected) throws Exception {
            long n = stored();
            for (int i = 0; i < 600 && n < expected; i++) {
                Thread.sleep(100);
                n = stored();
            }
            return n;
        }

        static Store start(String kind, Path dir) throws Exception {
            return switch (kind) {
                case "questdb" -> new QuestDbStore(new QuestDbFixture(dir.resolve("questdb")));
                case "victoria-metrics" -> new VictoriaMetricsStore(new VictoriaMetrics(dir));
                default -> throw new IllegalArgumentException("store must be questdb or victoria-metrics: " + kind);
            };
        }
    }

    private record QuestDbStore(QuestDbFixture db) implements Store {
        @Override
        public String url() {
            return db.url();
        }

        @Override
        public long stored() throws Exception {
            long n = 0;
            for (String table : List.of("pm2_5", "pm10", "temperature", "humidity")) {
                n += db.count("select count() from " + table);
            }
            return n;
        }

        @Override
        public void close() {
            db.close();
        }
    }

    private record VictoriaMetricsStore(VictoriaMetrics vm) implements Store {
        @Override
        public String url() {
            return vm.url();
        }

        @Override
        public long stored() throws Exception {
            return vm.samples("{__name__=~\".+_value\"}");
        }

        @Override
        public void close() throws Exception {
            vm.close();
        }
    }
}
