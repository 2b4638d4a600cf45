package org.envgate.drivers.modbus;

import static org.envgate.drivers.modbus.ModbusVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.PartialReadException;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.ValueOutOfRangeException;
import org.envgate.drivers.ValueRange;
import org.envgate.link.SerialSettings;
import org.envgate.testing.MapDriverOptions;
import org.envgate.testing.ScriptedLink;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

class ModbusDriverTest {

    private static final RegisterMapping PH = new RegisterMapping(3, 0, RegisterType.INT16, RegisterOrder.ABCD,
            0.01, 0, Quantity.PH, new ValueRange(0, 14));
    private static final RegisterMapping TEMPERATURE = new RegisterMapping(3, 1, RegisterType.INT16, RegisterOrder.ABCD,
            0.1, 0, Quantity.TEMPERATURE, new ValueRange(-60, 150));
    private static final RegisterMapping CONDUCTIVITY = new RegisterMapping(4, 0x10, RegisterType.FLOAT32,
            RegisterOrder.CDAB, 1, 0, Quantity.CONDUCTIVITY, new ValueRange(0, 500_000));

    private static final SensorSpec SPEC = new SensorSpec("sonde", "/dev/ttyTEST0", SerialSettings.DEFAULT_9600_8N1);

    private final ScriptedLink link = new ScriptedLink();
    private final List<Long> pauses = new ArrayList<>();

    private ModbusDriver driver(ModbusDriver.Trigger trigger, RegisterMapping... registers) {
        return driver(new ModbusDriver.Blocks(125, 10), trigger, registers);
    }

    private ModbusDriver driver(ModbusDriver.Blocks blocks, ModbusDriver.Trigger trigger, RegisterMapping... registers) {
        RtuMaster master = new RtuMaster(SerialSettings.DEFAULT_9600_8N1, Duration.ofMillis(300), link::nanoTime, nanos -> { });
        return new ModbusDriver(SPEC, 1, List.of(registers), blocks, trigger, master, pauses::add);
    }

    private static RegisterMapping uint16(int function, int register, Quantity quantity) {
        return new RegisterMapping(function, register, RegisterType.UINT16, RegisterOrder.ABCD, 1, 0, quantity,
                new ValueRange(0, 65535));
    }

    @Test
    void readsContiguousRegistersOfATableInOneTransactionAndConverts() throws Exception {
        link.answer(hex("01 03 00 00 00 02 c4 0b"), hex("01 03 04 01 c9 00 c9 eb a7"))
                .answer(hex("01 04 00 10 00 02 70 0e"), hex("01 04 04 50 00 44 9a 59 ef"));

        List<Measurement> values = driver(null, CONDUCTIVITY, TEMPERATURE, PH).read(link);

        assertEquals(2, link.writes().size());
        assertEquals(List.of(Quantity.CONDUCTIVITY, Quantity.TEMPERATURE, Quantity.PH),
                values.stream().map(Measurement::quantity).toList(), "in the configured order");
        assertEquals(new Measurement(Quantity.CONDUCTIVITY, 1234.5), values.get(0));
        assertEquals(20.1, values.get(1).value(), 1e-9);
        assertEquals(4.57, values.get(2).value(), 1e-9);
    }

    @Test
    void blocksKeepToTheRequestLimitAndReadThroughSmallGapsOnly() {
        List<RegisterMapping> map = List.of(uint16(3, 0, Quantity.PH), uint16(3, 1, Quantity.ORP),
                uint16(3, 4, Quantity.TEMPERATURE), uint16(3, 20, Quantity.SALINITY), uint16(4, 2, Quantity.TDS),
                CONDUCTIVITY);

        assertEquals(List.of("3 0x0000 (5) ph, orp, temperature", "3 0x0014 (1) salinity", "4 0x0002 (1) tds",
                "4 0x0010 (2) conductivity"), describe(RegisterBlock.plan(map, 125, 3)));
        assertEquals(List.of("3 0x0000 (2) ph, orp", "3 0x0004 (1) temperature", "3 0x0014 (1) salinity",
                "4 0x0002 (1) tds", "4 0x0010 (2) conductivity"), describe(RegisterBlock.plan(map, 125, 0)));
        assertEquals(List.of("3 0x0000 (2) ph, orp", "3 0x0004 (1) temperature", "3 0x0014 (1) salinity",
                "4 0x0002 (1) tds", "4 0x0010 (2) conductivity"), describe(RegisterBlock.plan(map, 4, 10)));
        assertEquals(List.of("3 0x0000 (21) ph, orp, temperature, salinity", "4 0x0002 (16) tds, conductivity"),
                describe(RegisterBlock.plan(map, 125, 15)));
        assertEquals(6, RegisterBlock.plan(map, 1, 0).size(), "one register per request where a device asks for it");
    }

    private static List<String> describe(List<RegisterBlock> blocks) {
        return blocks.stream().map(b -> String.format("%d 0x%04x (%d) %s", b.function(), b.start(), b.count(),
                b.quantities())).toList();
    }

    @Test
    void coilsAndDiscreteInputsAreReadAsBitsInBlocksOfTheirOwnTable() throws Exception {
        RegisterMapping pump = new RegisterMapping(1, 0, RegisterType.COIL, RegisterOrder.ABCD, 1, 0, Quantity.FLOW,
                new ValueRange(0, 1));
        RegisterMapping valve = new RegisterMapping(1, 9, RegisterType.COIL, RegisterOrder.ABCD, 1, 0, Quantity.ORP,
                new ValueRange(0, 1));
        RegisterMapping floatSwitch = new RegisterMapping(2, 3, RegisterType.DISCRETE_INPUT, RegisterOrder.ABCD, 2.5, 0,
                Quantity.WATER_LEVEL, new ValueRange(0, 2.5));
        link.answer(ModbusRequest.read(1, 1, 0, 10).bytes(), ModbusCrc.append(hex("01 01 02 01 02")))
                .answer(ModbusRequest.read(1, 2, 3, 1).bytes(), ModbusCrc.append(hex("01 02 01 00")));

        List<Measurement> values = driver(null, pump, valve, floatSwitch).read(link);

        assertEquals(2, link.writes().size(), "coils 0 to 9 in one read, the discrete input in another");
        assertEquals(List.of(new Measurement(Quantity.FLOW, 1), new Measurement(Quantity.ORP, 1),
                new Measurement(Quantity.WATER_LEVEL, 0)), values);
    }

    @Test
    void aRefusedBlockCostsOnlyItsOwnValuesAndIsNamed() throws Exception {
        link.answer(hex("01 03 00 00 00 02 c4 0b"), hex("01 03 04 01 c9 00 c9 eb a7"))
                .answer(hex("01 04 00 10 00 02 70 0e"), hex("01 84 02 c2 c1"));

        PartialReadException e = assertThrows(PartialReadException.class,
                () -> driver(null, PH, TEMPERATURE, CONDUCTIVITY).read(link));

        assertEquals("sensor sonde: conductivity not read, the other values are reported: /dev/ttyTEST0: slave 1: "
                + "read input registers 0x0010 (2) for conductivity: exception 02 ILLEGAL DATA ADDRESS (function 04)",
                e.getMessage());
        assertEquals(List.of(Quantity.PH, Quantity.TEMPERATURE), e.read().stream().map(Measurement::quantity).toList());
    }

    @Test
    void aBlockWhoseGapTheSlaveRefusesIsReadAroundItFromThenOn() throws Exception {
        byte[] whole = ModbusRequest.readHoldingRegisters(1, 0, 3).bytes();
        byte[] first = ModbusRequest.readHoldingRegisters(1, 0, 1).bytes();
        byte[] third = ModbusRequest.readHoldingRegisters(1, 2, 1).bytes();
        link.answer(whole, ModbusCrc.append(hex("01 83 02")))
                .answer(first, ModbusCrc.append(hex("01 03 02 00 07")))
                .answer(third, ModbusCrc.append(hex("01 03 02 00 09")));
        ModbusDriver driver = driver(null, uint16(3, 0, Quantity.PH), uint16(3, 2, Quantity.ORP));

        assertEquals(List.of(new Measurement(Quantity.PH, 7), new Measurement(Quantity.ORP, 9)), driver.read(link));
        assertEquals(List.of(whole, first, third).stream().map(java.util.Arrays::toString).toList(),
                link.writes().stream().map(java.util.Arrays::toString).toList());
        assertEquals(2, driver.plan().size(), "the split is kept");
    }

    @Test
    void aTriggerIsWrittenAndWaitedForBeforeTheReads() throws Exception {
        link.answer(hex("01 06 00 20 00 01 49 c0"), hex("01 06 00 20 00 01 49 c0"))
                .answer(hex("01 03 00 00 00 01 84 0a"), hex("01 03 02 01 c9 79 82"));

        driver(new ModbusDriver.Trigger(0x20, 1, Duration.ofMillis(1500)), PH).read(link);

        assertArrayEquals(hex("01 06 00 20 00 01 49 c0"), link.writes().get(0));
        assertArrayEquals(hex("01 03 00 00 00 01 84 0a"), link.writes().get(1));
        assertEquals(List.of(1_500_000_000L), pauses);
    }

    @Test
    void aValueOutsideTheConfiguredRangeIsNeverReported() {
        byte[] fifteenPh = ModbusCrc.append(hex("01 03 02 05 dc")); // 1500 x 0.01
        link.answer(hex("01 03 00 00 00 01 84 0a"), fifteenPh);

        MapDriverOptions options = new MapDriverOptions(Map.of("address", "1", "registers", List.of(Map.of(
                "register", "0", "type", "int16", "scale", "0.01", "quantity", "ph", "min", "0", "max", "14"))));
        ModbusDriver driver = driver(null, PH);
        RangeCheckedDriver checked = RangeCheckedDriver.wrap(driver, new ModbusDriverProvider(), SPEC, options);

        ValueOutOfRangeException e = assertThrows(ValueOutOfRangeException.class, () -> checked.check(driver.read(link)));

        assertEquals("sensor sonde on /dev/ttyTEST0: ph = 15 pH is outside the modbus's range (0 to 14 pH); "
                + "the sample is not reported", e.getMessage());
    }

    @Test
    void aSilentSlaveEndsTheReadAtItsResponseTimeout() {
        SensorTimeoutException e = assertThrows(SensorTimeoutException.class, () -> driver(null, PH, TEMPERATURE).read(link));

        assertEquals("/dev/ttyTEST0: slave 1: read holding registers 0x0000 (2) for ph, temperature: no answer within 300 ms; "
                + "check the slave address, A/B wiring, baud rate and power", e.getMessage());
        assertEquals(1, link.writes().size(), "no further request once one went unanswered");
        assertEquals(Duration.ofMillis(300).toNanos(), link.nanoTime());
    }

    @Test
    void anExceptionResponseEndsTheRead() {
        link.answer(hex("01 03 00 00 00 01 84 0a"), hex("01 83 06 c1 32"));

        ModbusExceptionResponse e = assertThrows(ModbusExceptionResponse.class, () -> driver(null, PH).read(link));

        assertEquals("/dev/ttyTEST0: slave 1: read holding registers 0x0000 (1) for ph: exception 06 SLAVE DEVICE BUSY "
                + "(function 03)", e.getMessage());
    }
}
