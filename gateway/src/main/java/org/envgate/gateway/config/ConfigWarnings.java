package org.envgate.gateway.config;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.envgate.common.config.Hosts;

/**
 * Settings that work but expose the station: each becomes one warning naming the file and the
 * key, logged when the gateway starts and shown by {@code envgate check}.
 */
public final class ConfigWarnings {

    private ConfigWarnings() {
    }

    public static List<String> of(GatewayConfig config) {
        return of(config, LocalDate.now(ZoneOffset.UTC));
    }

    /**
     * @param today the date by this gateway's clock. A calibration dated later is only a warning,
     *              not an error: a station without a real-time clock may boot with yesterday's time,
     *              and must not refuse to start for it.
     */
    public static List<String> of(GatewayConfig config, LocalDate today) {
        List<String> warnings = new ArrayList<>();
        for (SensorConfig sensor : config.sensors()) {
            sensor.quality().calibrations().forEach((quantity, calibration) -> calibration.date()
                    .filter(date -> date.isAfter(today))
                    .ifPresent(date -> warnings.add(config.file() + ": sensor " + sensor.id() + ": calibration."
                            + quantity.id() + ".date: " + date + " is after today's date by this gateway's clock ("
                            + today + "); check the date, or the clock: the calibration's max-age counts from it")));
        }
        MqttConfig mqtt = config.mqtt();
        if (mqtt.passwordFile().isPresent() && !mqtt.tls() && !Hosts.isLoopbackUrl(mqtt.url())) {
            warnings.add(config.file() + ": mqtt.password-file: the broker password goes unencrypted over "
                    + mqtt.url() + "; anyone on the way can read it and publish as this station. Use ssl:// "
                    + "(docs/security.md)");
        }
        config.statusPage().ifPresent(page -> {
            if (page.passwordFile().isPresent() && page.certFile().isEmpty() && !Hosts.isLoopback(page.host())) {
                warnings.add(config.file() + ": status-page.password-file: the page's password goes unencrypted over "
                        + "http://" + page.listen() + "/; anyone on that network can read it. Set status-page.cert-file "
                        + "and key-file for HTTPS, or listen on 127.0.0.1 (docs/status-page.md)");
            }
        });
        return warnings;
    }
}
