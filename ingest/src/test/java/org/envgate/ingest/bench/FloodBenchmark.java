package org.envgate.ingest.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.envgate.ingest.config.IngestConfig;
import org.envgate.ingest.testing.EmbeddedBroker;
import org.envgate.ingest.testing.HostileFlood;
import org.envgate.ingest.testing.IngestConfigs;
import org.envgate.ingest.testing.QuestDbFixture;
import org.envgate.wire.Quantity;

/**
 * Messages per second through ingest for a hostile flood (see {@link HostileFlood}): Moquette
 * in-process, the embedded QuestDB, timed from the first message received to the last
 * acknowledgement, and every good reading checked in the store.
 *
 * <p>Run with {@code bench/ingest-flood.sh [messages] [runs]}.
 */
public final class FloodBenchmark {

    private FloodBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("envgate-flood-bench");
        List<Double> rates = new ArrayList<>();
        try (EmbeddedBroker broker = EmbeddedBroker.startTaking(1024 * 1024);
             QuestDbFixture store = new QuestDbFixture(dir.resolve("questdb"))) {
            for (int run = 1; run <= runs; run++) {
                String gateways = "fb" + run + "-";
                IngestConfig config = IngestConfigs.external(broker.url(), "flood" + run, "ingest-flood-" + run, null,
                        store.url(), "");
                HostileFlood.Result result = HostileFlood.run(broker.url(), config,
                        HostileFlood.messages("flood" + run, gateways, messages, System.currentTimeMillis()),
                        Duration.ofMinutes(30));
                long expected = (long) result.goodPacks() * HostileFlood.READINGS_PER_PACK;
                long stored = awaitStored(store, gateways, expected);
                rates.add(result.messagesPerSecond());
                System.out.printf(Locale.ROOT, "run %d: %d messages acknowledged in %.2f s, %.0f messages/s; %d of %d good"
                        + " readings stored%n", run, result.messages(), result.seconds(), result.messagesPerSecond(),
                        stored, expected);
                if (stored != expected) {
                    throw new AssertionError("good readings missing from the store");
                }
            }
        }
        Collections.sort(rates);
        System.out.printf(Locale.ROOT, "median over %d runs: %.0f messages/s (min %.0f, max %.0f)%n", runs,
                rates.get(rates.size() / 2), rates.get(0), rates.get(rates.size() - 1));
    }

    private static long awaitStored(QuestDbFixture store, String gateways, long expected) throws Exception {
        long stored = 0;
        for (int i = 0; i < 600 && stored != expected; i++) {
            stored = 0;
            for (Quantity quantity : List.of(Quantity.PM2_5, Quantity.PM10, Quantity.TEMPERATURE, Quantity.PH)) {
                stored += store.count("select count() from " + quantity.id() + " where gateway like '" + gateways + "%'");
            }
            Thread.sleep(100);
        }
        return stored;
    }
}
