package org.envgate.simulator;

import com.pi4j.context.Context;
import java.util.Map;
import java.util.stream.Collectors;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.Measurement;
import org.envgate.link.Link;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;

/** What the I2C twins' tests share: a driver context on a mock platform, and samples as maps. */
public final class I2cTwins {

    private I2cTwins() {
    }

    public static DriverContext on(Context mock) {
        return new DriverContext() {
            @Override
            public Link openSerial(String port, SerialSettings settings) {
                throw new UnsupportedOperationException("an I2C sensor opens no serial port");
            }

            @Override
            public Context gpio() {
                return mock;
            }
        };
    }

    public static Map<Quantity, Double> values(java.util.List<Measurement> measurements) {
        return measurements.stream().collect(Collectors.toMap(Measurement::quantity, Measurement::value));
    }
}
