package org.envgate.gateway.config;

import java.util.List;
import java.util.Optional;
import org.envgate.common.http.PageConfig;
import org.envgate.gateway.alert.AlertRule;
import org.envgate.wire.Location;

/**
 * A validated gateway config: everything {@code envgate run} needs.
 *
 * @param gpioPlatform the Pi4J platform for GPIO sensors ({@code gpiod}, {@code linuxfs},
 *                     {@code mock}); never guessed, only configured
 * @param statusPage   the read-only web page, if configured
 * @param statusLed    the status LED, if configured
 * @param aggregates   the averaging windows
 * @param aqi          the station's air-quality indexes, if configured
 * @param alerts       the alert rules ({@code alerts:}), in config order
 * @param location     where the station stands ({@code gateway.location}), if configured
 */
public record GatewayConfig(
        String file,
        String gatewayId,
        String site,
        Optional<Location> location,
        StorageConfig storage,
        MqttConfig mqtt,
        Optional<String> gpioPlatform,
        List<SensorConfig> sensors,
        Optional<PageConfig> statusPage,
        Optional<StatusLedConfig> statusLed,
        AggregatesConfig aggregates,
        AqiConfig aqi,
        List<AlertRule> alerts) {
}
