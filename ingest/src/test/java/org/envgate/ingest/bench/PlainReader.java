package org.envgate.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.ingest.store.PointStore;

/**
 * The baseline of issue 17's ingest figure: a {@code mosquitto_sub}-style reader that takes each
 * message of {@code P/+/readings} as it comes, turns its SenML records into the same points
 * ingest writes (measurement the quantity, tags gateway and sensor, field value, time) through
 * the same store client, and acknowledges the message once the store accepted them. It checks
 * nothing: no topic, name, unit, time or size rule, no dead letters, one write a message.
 */
final class PlainReader implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final String filter;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private volatile Exception failure;

    /** A persistent session, so that what is published while it is away waits for it. */
    PlainReader(String url, String clientId, String topicPrefix, PointStore store) throws MqttException {
        this.client = new MqttClient(url, clientId, new MemoryPersistence());
        this.filter = topicPrefix + "/+/readings";
        options.setCleanSession(false);
        client.setManualAcks(true);
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                messages.incrementAndGet();
                try {
                    store.write(lines(message.getPayload()));
                    client.messageArrivedComplete(message.getId(), message.getQos());
                    acknowledged.incrementAndGet();
                } catch (Exception e) {
                    failure = e;
                    throw e;
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
    }

    void connect() throws MqttException {
        client.connect(options);
        client.subscribe(filter, 1);
    }

    void disconnect() throws MqttException {
        client.disconnect();
    }

    long messages() {
        return messages.get();
    }

    /** Messages whose points the store accepted, acknowledged to the broker. */
    long acknowledged() throws Exception {
        if (failure != null) {
            throw failure;
        }
        return acknowledged.get();
    }

    /** One line of line protocol per record: {@code quantity,gateway=G,sensor=S value=V T}. */
    static List<String> lines(byte[] pack) throws Exception {
        JsonNode records = JSON.readTree(pack);
        List<String> lines = new ArrayList<>(records.size());
        String base = "";
        double baseTime = 0;
        for (JsonNode record : records) {
            if (record.has("bn")) {
                base = record.get("bn").asText();
            }
            if (record.has("bt")) {
                baseTime = record.get("bt").asDouble();
            }
            String[] name = (base + record.get("n").asText()).split("/");
            double time = baseTime + (record.has("t") ? record.get("t").asDouble() : 0);
            lines.add(name[2] + ",gateway=" + name[0] + ",sensor=" + name[1] + " value=" + record.get("v").asText()
                    + " " + Math.round(time * 1000));
        }
        return lines;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
