package org.envgate.testing;

import com.pi4j.context.Context;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.Measurement;
import org.envgate.link.Link;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;

/** What tests of drivers on Pi4J's mock platform share: the context the gateway would lend, and samples as maps. */
public final class MockPlatform {

    private MockPlatform() {
    }

    /** A driver context whose GPIO platform is {@code mock}; it opens no serial ports. */
    public static DriverContext driverContext(Context mock) {
        return new DriverContext() {
            @Override
            public Link openSerial(String port, SerialSettings settings) {
                throw new UnsupportedOperationException("a sensor on the mock platform opens no serial port");
            }

            @Override
            public Context gpio() {
                return mock;
            }
        };
    }

    /** One sample's values by quantity. */
    public static Map<Quantity, Double> byQuantity(List<Measurement> sample) {
        return sample.stream().collect(Collectors.toMap(Measurement::quantity, Measurement::value));
    }
}
