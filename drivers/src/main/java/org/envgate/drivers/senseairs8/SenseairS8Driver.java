package org.envgate.drivers.senseairs8;

import java.io.IOException;
import java.util.List;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SerialSensorDriver;
import org.envgate.drivers.modbus.ModbusRequest;
import org.envgate.drivers.modbus.RtuMaster;
import org.envgate.link.Link;
import org.envgate.wire.Quantity;

/**
 * Reads a Senseair S8 over Modbus RTU: the meter status (IR1, register 0x0000) and, when it is
 * clear, the space CO2 (IR4, register 0x0003). The manual numbers input registers from 1
 * (IR1..IR31) while the wire counts from 0: IR4 is read at address 3.
 */
public final class SenseairS8Driver extends SerialSensorDriver {

    /** IR1, meter status. */
    public static final int METER_STATUS = 0x0000;
    /** IR4, space CO2 in ppm. */
    public static final int SPACE_CO2 = 0x0003;

    private final int slave;
    private final RtuMaster master;

    public SenseairS8Driver(SensorSpec spec, int slave) {
        this(spec, slave, new RtuMaster(spec.serial(), SenseairS8DriverProvider.RESPONSE_TIMEOUT));
    }

    /** With the master whose clock and pause a test controls. */
    SenseairS8Driver(SensorSpec spec, int slave, RtuMaster master) {
        super(spec);
        this.slave = slave;
        this.master = master;
    }

    public int slave() {
        return slave;
    }

    @Override
    protected void start(Link link) {
        // The S8 measures continuously from power-up and needs no command.
    }

    @Override
    protected List<Measurement> read(Link link) throws IOException {
        int status = master.transact(link, ModbusRequest.readInputRegisters(slave, METER_STATUS, 1))[0];
        if (status != 0) {
            throw new S8StatusException(String.format("%s: S8 %s reports meter status 0x%04x: %s", link.port(),
                    slaveName(), status, String.join(", ", S8MeterStatus.faults(status))), status);
        }
        int co2 = master.transact(link, ModbusRequest.readInputRegisters(slave, SPACE_CO2, 1))[0];
        return List.of(new Measurement(Quantity.CO2, co2));
    }

    private String slaveName() {
        return slave == ModbusRequest.ANY_ADDRESS ? "(any address)" : "at address " + slave;
    }

    @Override
    public FrameCounters counters() {
        return master.counters();
    }
}
