package org.envgate.ingest;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.envgate.ingest.config.IngestConfig;
import org.envgate.ingest.config.InfluxSettings;
import org.envgate.ingest.decode.PackDecoder;
import org.envgate.ingest.decode.Stations;
import org.envgate.ingest.mqtt.RetainedStatuses;
import org.envgate.ingest.mqtt.Subscriber;
import org.envgate.ingest.store.EmbeddedQuestDb;
import org.envgate.ingest.store.InfluxStore;
import org.envgate.ingest.store.PointStore;
import org.tinylog.Logger;

/**
 * The running service: broker subscription, pipeline and store (InfluxDB, or an embedded
 * QuestDB when none is configured).
 */
public final class Ingest implements AutoCloseable {

    private final EmbeddedQuestDb embedded;
    private final PointStore store;
    private final Pipeline pipeline;
    private final Subscriber subscriber;
    private final IngestCounters counters;
    private final Stations stations;
    private final ScheduledExecutorService reporter;
    private final long startedNanos = System.nanoTime();

    private Ingest(EmbeddedQuestDb embedded, PointStore store, Pipeline pipeline, Subscriber subscriber,
                   IngestCounters counters, Stations stations, ScheduledExecutorService reporter) {
        this.embedded = embedded;
        this.store = store;
        this.pipeline = pipeline;
        this.subscriber = subscriber;
        this.counters = counters;
        this.stations = stations;
        this.reporter = reporter;
    }

    /** Starts everything; the broker and the store need not be reachable yet. */
    public static Ingest start(IngestConfig config) throws IOException {
        EmbeddedQuestDb embedded = null;
        InfluxSettings influx;
        if (config.influx().isPresent()) {
            influx = config.influx().get();
        } else {
            embedded = EmbeddedQuestDb.start(config.embedded());
            influx = embedded.writeSettings();
            Logger.info("no influx section: storing in the embedded QuestDB in {}; web console and SQL at {}",
                    config.embedded().path(), embedded.url());
        }
        PointStore store = new InfluxStore(influx);
        IngestCounters counters = new IngestCounters();
        Stations stations = new Stations(config.gateways());
        PackDecoder decoder = new PackDecoder(config.mqtt().topicPrefix(), config.packs(), stations, influx.textFields());
        long now = System.currentTimeMillis();
        RetainedStatuses.read(config.mqtt(), config.packs().maxBytes())
                .forEach((topic, payload) -> decoder.learnStation(topic, payload, now));
        Subscriber[] subscriber = new Subscriber[1];
        Pipeline pipeline = new Pipeline(decoder, store, new DeadLetters(config.mqtt()),
                (topic, payload) -> subscriber[0].publish(topic, payload), influx.batchSize(), config.packs().maxBytes(),
                counters);
        subscriber[0] = new Subscriber(config.mqtt(), config.packs().maxBytes(), pipeline::accept, Clock.systemUTC());
        pipeline.start();
        subscriber[0].start();
        Logger.info("writing to {}", store.describe());
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-report");
            t.setDaemon(true);
            return t;
        });
        reporter.scheduleAtFixedRate(() -> Logger.info("since start: {}", counters), 1, 1, TimeUnit.MINUTES);
        return new Ingest(embedded, store, pipeline, subscriber[0], counters, stations, reporter);
    }

    public IngestCounters counters() {
        return counters;
    }

    /** The body of {@code /metrics}: the counters, gateways online and the broker connection now. */
    public byte[] metrics() {
        return IngestMetrics.text(counters, stations.online(), connected(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos));
    }

    /** The embedded QuestDB's HTTP address, when ingest runs one. */
    public Optional<String> embeddedUrl() {
        return Optional.ofNullable(embedded).map(EmbeddedQuestDb::url);
    }

    public boolean connected() {
        return subscriber.connected();
    }

    /**
     * Stops without acknowledging anything not yet stored; the broker redelivers it to the next
     * instance with this client id.
     */
    @Override
    public void close() {
        reporter.shutdownNow();
        pipeline.stopAccepting();
        subscriber.close();
        pipeline.close();
        store.close();
        if (embedded != null) {
            embedded.close();
        }
        Logger.info("stopped; {}", counters);
    }
}
