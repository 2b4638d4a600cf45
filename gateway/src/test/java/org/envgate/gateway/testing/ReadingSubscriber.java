package org.envgate.gateway.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.envgate.wire.Topics;

/** A test's view of the broker: every reading delivered on a gateway's topic, in arrival order. */
public final class ReadingSubscriber implements AutoCloseable {

    private final MqttClient client;
    private final List<Reading> readings = new ArrayList<>();
    private final List<String> packs = new ArrayList<>();
    private final List<String> states = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    public ReadingSubscriber(String brokerUrl, Topics topics) throws MqttException {
        client = new MqttClient(brokerUrl, "test-subscriber-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        client.connect(options);
        client.subscribe(topics.readings(), 1, (topic, message) -> {
            try {
                List<Reading> pack = SenmlCodec.decodeReadings(topics.gatewayId(), message.getPayload(),
                        System.currentTimeMillis());
                synchronized (this) {
                    readings.addAll(pack);
                    packs.add(new String(message.getPayload(), StandardCharsets.UTF_8));
                    notifyAll();
                }
            } catch (Exception e) {
                synchronized (this) {
                    problems.add(e.toString());
                }
            }
        });
        client.subscribe(topics.status(), 1, (topic, message) -> {
            synchronized (this) {
                states.add(GatewayStatus.fromJson(message.getPayload()).state());
                notifyAll();
            }
        });
    }

    public synchronized List<Reading> readings() {
        return List.copyOf(readings);
    }

    /** The packs that decoded, as the bytes on the wire (UTF-8), in arrival order. */
    public synchronized List<String> packs() {
        return List.copyOf(packs);
    }

    public synchronized List<String> states() {
        return List.copyOf(states);
    }

    /** Packs that did not decode; a test expects none. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** Waits until the readings received satisfy {@code done}; returns whether they did in time. */
    public synchronized boolean awaitReadings(Predicate<List<Reading>> done, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.test(readings)) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    public synchronized boolean awaitState(String state, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Leaves quietly, also when the broker already dropped the connection (a test stopping it, say). */
    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
        } catch (MqttException lostMeanwhile) {
            try {
                client.disconnectForcibly(0, 0);
            } catch (MqttException alreadyGone) {
                // nothing left to disconnect
            }
        }
        try {
            client.close(true);
        } catch (MqttException alreadyClosed) {
            // nothing left to release
        }
    }
}
