package org.envgate.ingest.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.config.IngestConfig;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;

/**
 * A flood as a hostile or broken station sends it: good packs mixed with garbage, packs far
 * over {@code packs.max-size} and packs older than {@code packs.max-age}, published while ingest
 * is away (its persistent session holds them), then taken by ingest all at once.
 */
public final class HostileFlood {

    /** Readings in each good pack. */
    public static final int READINGS_PER_PACK = 4;
    private static final int OVERSIZE_BYTES = 300 * 1024;
    private static final List<Quantity> QUANTITIES = List.of(Quantity.PM2_5, Quantity.PM10, Quantity.TEMPERATURE,
            Quantity.PH);

    /** One message of the flood. */
    public record Message(String topic, byte[] payload, boolean good) {
    }

    /** What a flood did: every message acknowledged after {@code seconds} from the first one received. */
    public record Result(int messages, int goodPacks, double seconds) {

        public double messagesPerSecond() {
            return messages / seconds;
        }
    }

    private HostileFlood() {
    }

    /**
     * {@code count} messages from gateways {@code <gatewayPrefix>0} to {@code 19}: half good packs
     * (four readings each, one second apart, all distinct), a fifth garbage, a fifth out of age,
     * and one in a hundred a pack of 300 KB in place of a good one.
     */
    public static List<Message> messages(String topicPrefix, String gatewayPrefix, int count, long nowMillis) {
        Random random = new Random(count);
        List<Message> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String gateway = gatewayPrefix + (i % 20);
            String topic = topicPrefix + "/" + gateway + "/readings";
            if (i % 100 == 99) {
                byte[] huge = new byte[OVERSIZE_BYTES];
                random.nextBytes(huge);
                messages.add(new Message(topic, huge, false));
            } else if (i % 10 < 5) {
                messages.add(new Message(topic, SenmlCodec.encode(gateway, pack(nowMillis - 60_000 - i * 1000L)), true));
            } else if (i % 10 < 7) {
                byte[] garbage = new byte[20 + random.nextInt(300)];
                random.nextBytes(garbage);
                if (i % 2 == 0) {
                    garbage = ("[{\"bn\":\"" + gateway + "/\",\"n\":\"pm/pm2_5\",\"v\":" + random.nextInt())
                            .getBytes(StandardCharsets.UTF_8);
                }
                messages.add(new Message(topic, garbage, false));
            } else {
                long yearsAgo = nowMillis - 3L * 365 * 86_400_000 - i * 1000L;
                messages.add(new Message(topic, SenmlCodec.encode(gateway, pack(yearsAgo)), false));
            }
        }
        return messages;
    }

    private static List<Reading> pack(long timeMillis) {
        List<Reading> readings = new ArrayList<>(READINGS_PER_PACK);
        for (Quantity quantity : QUANTITIES) {
            readings.add(new Reading(quantity == Quantity.PH ? "water" : "pm", quantity, 12.5, timeMillis));
        }
        return readings;
    }

    /**
     * Publishes the flood while ingest (config's client id) is away, then starts ingest and
     * waits until it acknowledged every message.
     */
    public static Result run(String brokerUrl, IngestConfig config, List<Message> messages, Duration timeout)
            throws Exception {
        try (Ingest first = Ingest.start(config)) {
            Await.until(first::connected, timeout, "ingest subscribes and its session exists");
        }
        try (TestClient gateway = new TestClient(brokerUrl)) {
            for (Message message : messages) {
                gateway.publish(message.topic(), message.payload());
            }
        }
        int good = (int) messages.stream().filter(Message::good).count();
        try (Ingest ingest = Ingest.start(config)) {
            long first = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (ingest.counters().acknowledged() < messages.size()) {
                if (first == 0 && ingest.counters().messages() > 0) {
                    first = System.nanoTime();
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out with " + ingest.counters());
                }
                Thread.sleep(1);
            }
            return new Result(messages.size(), good, (System.nanoTime() - first) / 1e9);
        }
    }
}
