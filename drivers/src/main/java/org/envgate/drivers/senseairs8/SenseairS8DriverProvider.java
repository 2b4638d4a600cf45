package org.envgate.drivers.senseairs8;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.Resolution;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorErrorException;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.ValueRange;
import org.envgate.drivers.modbus.ModbusRequest;
import org.envgate.drivers.modbus.RtuMaster;
import org.envgate.link.Link;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;

/** Model {@code senseair-s8}: Senseair S8 NDIR CO2 sensor, Modbus RTU on its 3.3 V UART. */
public final class SenseairS8DriverProvider implements SensorDriverProvider {

    public static final String ADDRESS = "address";
    /** The S8's output range (Senseair S8 LP: 0 to 10000 ppm; accuracy is specified for 400 to 2000 ppm). */
    public static final ValueRange CO2_RANGE = new ValueRange(0, 10_000);
    /** Product specification: resolution 1 ppm (the register holds whole ppm). */
    static final Resolution CO2_RESOLUTION = Resolution.of("1");
    /** The S8 answers within about 100 ms; half a second leaves room for a device server. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofMillis(500);
    /** Product specification: full specification 2 minutes after power-up (first reading after about 30 s). */
    static final Duration WARM_UP = Duration.ofMinutes(2);

    @Override
    public String model() {
        return "senseair-s8";
    }

    @Override
    public Set<Quantity> quantities() {
        return Set.of(Quantity.CO2);
    }

    @Override
    public ValueRange range(Quantity quantity, DriverOptions options) {
        return CO2_RANGE;
    }

    @Override
    public Resolution resolution(Quantity quantity, DriverOptions options) {
        return CO2_RESOLUTION;
    }

    @Override
    public Set<String> optionKeys() {
        return Set.of(ADDRESS);
    }

    @Override
    public SerialSettings defaultSerialSettings() {
        return SerialSettings.DEFAULT_9600_8N1;
    }

    @Override
    public Duration defaultWarmUp() {
        return WARM_UP;
    }

    /** {@code address}: 254 (0xFE, "any sensor", the default on a point-to-point link) or 1 to 247 on a bus. */
    /** Asks the any-address 0xFE for the meter status and CO2: input registers only, nothing written. */
    @Override
    public Optional<String> probe(Link link) throws IOException {
        RtuMaster master = new RtuMaster(defaultSerialSettings(), RESPONSE_TIMEOUT);
        try {
            int[] registers = master.transact(link, ModbusRequest.readInputRegisters(ModbusRequest.ANY_ADDRESS,
                    SenseairS8Driver.METER_STATUS, SenseairS8Driver.SPACE_CO2 + 1));
            return Optional.of("Senseair S8 (Modbus, any-address 0xFE), meter status 0x"
                    + Integer.toHexString(registers[0]) + ", CO2 " + registers[SenseairS8Driver.SPACE_CO2] + " ppm");
        } catch (SensorTimeoutException | SensorErrorException noS8) {
            return Optional.empty();
        }
    }

    @Override
    public SensorDriver create(SensorSpec spec, DriverOptions options) {
        int address = options.integer(ADDRESS, ModbusRequest.ANY_ADDRESS);
        if (address != ModbusRequest.ANY_ADDRESS && (address < 1 || address > 247)) {
            throw new OptionException(ADDRESS, ADDRESS + " must be 254 (any sensor, point to point) or a slave address "
                    + "from 1 to 247, got " + address);
        }
        return new SenseairS8Driver(spec, address);
    }
}
