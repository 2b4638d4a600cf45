package org.envgate.gateway.config;

/**
 * The status LED ({@code status-led:}), driven through the configured GPIO platform.
 *
 * @param pin  BCM number of the output line
 * @param line the config line of {@code pin}, for messages
 */
public record StatusLedConfig(int pin, int line) {

    /** BCM 0-27: the GPIOs on the 40-pin header. */
    public static final int MAX_PIN = 27;
}
