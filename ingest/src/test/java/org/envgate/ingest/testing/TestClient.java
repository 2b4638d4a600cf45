package org.envgate.ingest.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A gateway's side of the broker for tests: publishes at QoS 1 and collects what it subscribed to. */
public final class TestClient implements AutoCloseable {

    /** A received message. */
    public record Message(String topic, String payload) {
    }

    private final MqttClient client;
    private final List<Message> received = new ArrayList<>();

    public TestClient(String url) throws MqttException {
        client = new MqttClient(url, "test-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(1000);
        client.connect(options);
    }

    public void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false);
    }

    public void publish(String topic, String payload) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    public void publishRetained(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, true);
    }

    public void subscribe(String filter) throws MqttException {
        client.subscribe(filter, 1, (topic, message) -> {
            synchronized (received) {
                received.add(new Message(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
                received.notifyAll();
            }
        });
    }

    public List<Message> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public boolean await(Predicate<List<Message>> done, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        synchronized (received) {
            while (!done.test(received)) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                received.wait(left);
            }
            return true;
        }
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
