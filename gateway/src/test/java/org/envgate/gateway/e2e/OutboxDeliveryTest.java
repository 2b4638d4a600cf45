package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.common.testing.TcpProxy;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.buffer.ReadingBuffer;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages the gateway makes itself (averages, the index) wait in the buffer's outbox while the
 * link is down and reach the broker after it returns, in the order made, each leaving the
 * outbox once acknowledged.
 */
class OutboxDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path storage;

    @Test
    void queuedWhileOfflineTheyArriveInOrderAndLeaveTheOutbox() throws Exception {
        List<String> arrived = new ArrayList<>();
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             TcpProxy network = new TcpProxy(broker.port());
             TwinServer twin = TwinServer.tcp(TwinProvider.all().get("pms5003").create(TwinOptions.defaults()),
                     "127.0.0.1", 0)) {
            MqttClient subscriber = new MqttClient(broker.url(), "test-outbox", new MemoryPersistence());
            subscriber.connect();
            subscriber.subscribe("envgate/" + Station.GATEWAY_ID + "/aggregates", 1, (topic, message) -> {
                synchronized (arrived) {
                    arrived.add(new String(message.getPayload(), StandardCharsets.UTF_8));
                }
            });
            network.cut();
            try (Gateway gateway = Gateway.start(Station.load(Station.yaml(storage, network.url(), "pm", twin.gatewayPort(),
                    "1s", "passive")), Clock.systemUTC(), null)) {
                ReadingBuffer buffer = gateway.buffer();
                for (int i = 1; i <= 3; i++) {
                    String payload = "[{\"n\":\"message-" + i + "\",\"v\":" + i + "}]";
                    buffer.transaction(db -> {
                        ReadingBuffer.queueOutgoing(db, "aggregates", false, payload.getBytes(StandardCharsets.UTF_8));
                        return null;
                    });
                }
                assertEquals(3, buffer.outgoing(), "held while the link is down");
                network.restore();
                gateway.uplink().wake();
                assertTrue(Station.await(() -> {
                    synchronized (arrived) {
                        return arrived.size() >= 3;
                    }
                }, WAIT), "delivered after the link returned: " + arrived);
                assertTrue(Station.await(() -> outgoing(buffer) == 0, WAIT), "removed once acknowledged");
                synchronized (arrived) {
                    assertEquals(List.of("[{\"n\":\"message-1\",\"v\":1}]", "[{\"n\":\"message-2\",\"v\":2}]",
                            "[{\"n\":\"message-3\",\"v\":3}]"), arrived);
                }
            } finally {
                subscriber.disconnect();
                subscriber.close();
            }
        }
    }

    private static long outgoing(ReadingBuffer buffer) {
        try {
            return buffer.outgoing();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
