package org.envgate.drivers;

import org.envgate.link.SerialSettings;

/**
 * The common settings of one configured sensor that its driver needs.
 *
 * @param id     the sensor id, for messages
 * @param port   what the sensor is connected to: a serial device path, {@code tcp://host:port},
 *               or whatever the model's provider accepts (see {@link SensorDriverProvider#checkPort})
 * @param serial the line settings, for serial ports
 */
public record SensorSpec(String id, String port, SerialSettings serial) {
}
