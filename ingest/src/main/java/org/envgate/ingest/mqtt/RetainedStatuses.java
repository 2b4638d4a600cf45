package org.envgate.ingest.mqtt;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.common.LogText;
import org.envgate.common.mqtt.ConnectOptions;
import org.envgate.ingest.config.MqttSettings;
import org.tinylog.Logger;

/**
 * Every gateway's retained status, read once at start on a short connection of its own
 * ({@code <client-id>-status}, clean session), before ingest's persistent session delivers
 * what waited for it: the broker sends a session's waiting messages as soon as it connects and
 * the retained ones only after it subscribes, so without this the readings that waited would
 * be stored before ingest knows their station's site and models.
 */
public final class RetainedStatuses {

    private static final long OPERATION_TIMEOUT_MS = 10_000;
    private static final int MAX_STATUSES = 100_000;

    private RetainedStatuses() {
    }

    /**
     * The retained message of each {@code P/G/status} topic, by topic; empty, after a log line,
     * when the broker cannot be reached.
     */
    public static Map<String, byte[]> read(MqttSettings settings, long maxPayloadBytes) {
        Map<String, byte[]> statuses = new LinkedHashMap<>();
        MqttClient client = null;
        try {
            client = new MqttClient(settings.url(), settings.clientId() + "-status", new MemoryPersistence());
            client.setTimeToWait(OPERATION_TIMEOUT_MS);
            MqttConnectOptions options = ConnectOptions.of(true, settings.keepAlive(), settings.username(),
                    settings.passwordFile(), settings.tls(), settings.caFile(), settings.certFile(), settings.keyFile());
            client.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    synchronized (statuses) {
                        if (statuses.size() < MAX_STATUSES && message.isRetained()
                                && message.getPayload().length <= maxPayloadBytes) {
                            statuses.put(topic, message.getPayload());
                        }
                    }
                }

                @Override
                public void connectionLost(Throwable cause) {
                    // read then is what arrived before
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                    // publishes nothing
                }
            });
            client.connect(options);
            // QoS 0: the broker writes the retained messages straight out, none held back by its
            // window of unacknowledged QoS 1 messages, so its answer to the same subscription
            // made again comes after all of them.
            client.subscribe(settings.statusFilter(), 0);
            client.subscribe(settings.statusFilter(), 0);
            // Disconnecting waits for the messages already received to be handed over.
            client.disconnect(OPERATION_TIMEOUT_MS);
            synchronized (statuses) {
                Logger.info("read the retained status of {} gateways at {}", statuses.size(), settings.url());
                return Map.copyOf(statuses);
            }
        } catch (MqttException | IOException e) {
            Logger.warn("cannot read the gateways' retained status at {}: {}; each station's tags are known once its"
                    + " status arrives", settings.url(),
                    LogText.untrusted(e instanceof MqttException m ? Subscriber.reason(m) : e.getMessage(), 200));
            return Map.of();
        } finally {
            Subscriber.drop(client);
        }
    }
}
