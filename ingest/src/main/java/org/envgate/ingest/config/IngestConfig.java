package org.envgate.ingest.config;

import java.util.Map;
import java.util.Optional;

/**
 * A validated ingest config. With no {@code influx} section ingest writes to an embedded
 * QuestDB instead.
 *
 * @param gateways tags that override what each gateway's status message says ({@code gateways:})
 * @param http     the fleet page, when configured ({@code http:})
 */
public record IngestConfig(String file, MqttSettings mqtt, Optional<InfluxSettings> influx, EmbeddedSettings embedded,
                           PackLimits packs, Map<String, StationTags> gateways, Optional<FleetPageSettings> http) {
}
