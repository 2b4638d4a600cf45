package org.envgate.gateway.config;

import java.util.List;

/** A validated gateway config: everything {@code envgate run} needs. */
public record GatewayConfig(
        String file,
        String gatewayId,
        String site,
        StorageConfig storage,
        MqttConfig mqtt,
        List<SensorConfig> sensors) {
}
