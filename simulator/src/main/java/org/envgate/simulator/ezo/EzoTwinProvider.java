package org.envgate.simulator.ezo;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.wire.Quantity;

/** One EZO circuit model; the five share everything but the circuit. */
public abstract class EzoTwinProvider implements TwinProvider {

    private final EzoTwin.Circuit circuit;

    protected EzoTwinProvider(EzoTwin.Circuit circuit) {
        this.circuit = circuit;
    }

    @Override
    public String model() {
        return circuit.model;
    }

    @Override
    public SensorTwin create(TwinOptions options) {
        return new EzoTwin(circuit, options, ZoneId.systemDefault());
    }

    /** In the demo the pH, EC and DO circuits compensate with the RTD circuit's water temperature. */
    @Override
    public Map<String, String> demoSensorOptions() {
        return switch (circuit) {
            case PH, EC, DO -> Map.of("temperature-from", EzoTwin.Circuit.RTD.model);
            default -> Map.of();
        };
    }

    /** The ASCII lines have no checksum. */
    @Override
    public Set<TwinFaults.Fault> faults() {
        return EnumSet.complementOf(EnumSet.of(TwinFaults.Fault.BAD_CHECKSUM));
    }

    /** The circuit's reading; an EC circuit's TDS and salinity follow its conductivity. */
    @Override
    public Set<Quantity> dictated() {
        return Set.of(switch (circuit) {
            case PH -> Quantity.PH;
            case EC -> Quantity.CONDUCTIVITY;
            case DO -> Quantity.DISSOLVED_OXYGEN;
            case ORP -> Quantity.ORP;
            case RTD -> Quantity.TEMPERATURE;
        });
    }

    /** None: temperature compensation names another sensor, which a scenario chooses itself. */
    @Override
    public Map<String, String> sensorOptions() {
        return Map.of();
    }

    public static final class Ph extends EzoTwinProvider {
        public Ph() {
            super(EzoTwin.Circuit.PH);
        }
    }

    public static final class Ec extends EzoTwinProvider {
        public Ec() {
            super(EzoTwin.Circuit.EC);
        }
    }

    public static final class Do extends EzoTwinProvider {
        public Do() {
            super(EzoTwin.Circuit.DO);
        }
    }

    public static final class Orp extends EzoTwinProvider {
        public Orp() {
            super(EzoTwin.Circuit.ORP);
        }
    }

    public static final class Rtd extends EzoTwinProvider {
        public Rtd() {
            super(EzoTwin.Circuit.RTD);
        }
    }
}
