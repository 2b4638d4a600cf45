package org.envgate.simulator.modbus;

import static org.envgate.drivers.modbus.ModbusVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.modbus.MbapCodec;
import org.envgate.drivers.modbus.ModbusExceptionResponse;
import org.envgate.drivers.modbus.ModbusRequest;
import org.envgate.drivers.modbus.ModbusResponseDecoder;
import org.envgate.drivers.modbus.RegisterMapping;
import org.envgate.drivers.modbus.RegisterOrder;
import org.envgate.drivers.modbus.RegisterType;
import org.envgate.drivers.modbus.RegisterValue;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.testing.VectorFile;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

class ModbusTwinTest {

    /** 2024-03-01 00:00 UTC. */
    private static final long MIDNIGHT = 1_709_251_200_000L;

    private static SenseairS8Twin s8(TwinOptions options) {
        return new SenseairS8Twin(options, SenseairS8Twin.FACTORY_ADDRESS, ZoneOffset.UTC);
    }

    private static ModbusSondeTwin sonde(TwinOptions options) {
        return new ModbusSondeTwin(options, 1, ModbusSondeTwin.DEMO_MAP, ZoneOffset.UTC);
    }

    private static byte[] ask(ModbusSlaveTwin twin, ModbusRequest request, long now) {
        byte[] bytes = request.bytes();
        twin.receive(bytes, 0, bytes.length, now);
        return twin.poll(now);
    }

    @Test
    void encoderAndCrcReproduceTheS8ManualAnswerByteForByte() {
        byte[] manual = VectorFile.load("vectors/senseair-s8/manual-read-co2.vec").bytes();
        assertArrayEquals(manual, RtuFrames.registers(0xFE, 0x04, new int[] {400}));
        assertArrayEquals(VectorFile.load("vectors/senseair-s8/exception-illegal-data-address.vec").bytes(),
                RtuFrames.exception(0xFE, 0x04, 0x02));
        assertArrayEquals(VectorFile.load("vectors/modbus/capture-ci60-input-registers.vec").bytes(),
                RtuFrames.registers(2, 0x04, new int[] {0, 0, 1, 512}));
        assertEquals(0x1241, RtuFrames.crc(hex("02 07"), 0, 2));
    }

    @Test
    void bitAnswersReproduceTheSpecificationsCoilAndDiscreteInputExamples() {
        assertArrayEquals(VectorFile.load("vectors/modbus/spec-read-coils.vec").bytes(), RtuFrames.bits(0x11, 0x01,
                new int[] {1, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1}));
        assertArrayEquals(VectorFile.load("vectors/modbus/spec-read-discrete-inputs.vec").bytes(), RtuFrames.bits(0x11, 0x02,
                new int[] {0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 0, 1, 1}));
    }

    @Test
    void theTcpTwinAnswersInMbapWithTheTransactionIdAndLikeAGatewayWhenNoUnitAnswers() {
        ModbusTcpTwin device = new ModbusTcpTwin(List.of(sonde(TwinOptions.defaults())));
        byte[] toUnitOne = MbapCodec.encode(ModbusRequest.readHoldingRegisters(1, 0, 2), 0x1234);
        device.receive(toUnitOne, 0, toUnitOne.length, MIDNIGHT);
        byte[] answer = device.poll(MIDNIGHT);
        assertArrayEquals(hex("12 34 00 00 00 07 01 03 04"), Arrays.copyOf(answer, 9), "header, unit, function, byte count");

        byte[] toUnitNine = MbapCodec.encode(ModbusRequest.readHoldingRegisters(9, 0, 2), 7);
        device.receive(toUnitNine, 0, 5, MIDNIGHT);
        assertEquals(0, device.poll(MIDNIGHT).length, "a request split over segments waits for its rest");
        device.receive(toUnitNine, 5, toUnitNine.length - 5, MIDNIGHT);
        assertArrayEquals(hex("00 07 00 00 00 03 09 83 0b"), device.poll(MIDNIGHT),
                "exception 0B GATEWAY TARGET DEVICE FAILED TO RESPOND");
        assertEquals(2, device.requests());
    }

    @Test
    void sondeEncodingReproducesTheFloatAndScaledIntegerVectors() {
        SondeRegister conductivity = ModbusSondeTwin.DEMO_MAP.get(2);
        assertArrayEquals(VectorFile.load("vectors/modbus/float32-cdab.vec").bytes(),
                RtuFrames.registers(1, 4, conductivity.registers(conductivity.stored(1234.5))));
        SondeRegister ph = ModbusSondeTwin.DEMO_MAP.get(0);
        SondeRegister temperature = ModbusSondeTwin.DEMO_MAP.get(1);
        int[] both = {ph.registers(ph.stored(4.57))[0], temperature.registers(temperature.stored(-5.5))[0]};
        assertArrayEquals(VectorFile.load("vectors/modbus/int16-negative-scaled.vec").bytes(), RtuFrames.registers(1, 3, both));
    }

    @Test
    void everyOrderRoundTripsThroughTheDriversDecoding() {
        for (RegisterType type : RegisterType.values()) {
            for (RegisterOrder order : RegisterOrder.values()) {
                SondeRegister r = new SondeRegister(3, 0, type, order, 0.5, 10, Quantity.FLOW, null, 0);
                double sent = r.sent(1234);
                assertEquals(sent, RegisterValue.decode(r.registers(r.stored(1234)), 0, type, order, 0.5, 10), 1e-9,
                        type + " " + order);
            }
        }
    }

    @Test
    void s8AnswersDecodeToWhatTheListenerHeard() throws Exception {
        SenseairS8Twin twin = s8(TwinOptions.defaults());
        List<TwinSample> heard = new ArrayList<>();
        twin.addListener(heard::add);
        ModbusRequest status = ModbusRequest.readInputRegisters(0xFE, 0, 1);
        ModbusRequest co2 = ModbusRequest.readInputRegisters(0xFE, 3, 1);
        for (int i = 0; i < 24; i++) {
            long now = MIDNIGHT + i * 3_600_000L;
            assertArrayEquals(new int[] {0}, ModbusResponseDecoder.decode(status, ask(twin, status, now)));
            int ppm = ModbusResponseDecoder.decode(co2, ask(twin, co2, now))[0];
            assertEquals(ppm, heard.get(i).values().get(Quantity.CO2));
            assertTrue(ppm > 380 && ppm < 520, "plausible outdoor CO2: " + ppm);
        }
        assertEquals(24, heard.size(), "a status read is not a sample");
        assertEquals(0, ask(twin, ModbusRequest.readInputRegisters(7, 3, 1), MIDNIGHT).length, "another slave's request");
        assertEquals(7, ask(twin, ModbusRequest.readInputRegisters(SenseairS8Twin.FACTORY_ADDRESS, 3, 1), MIDNIGHT).length);
    }

    @Test
    void sondeAnswersDecodeToWhatTheListenerHeard() throws Exception {
        ModbusSondeTwin twin = sonde(TwinOptions.defaults());
        List<TwinSample> heard = new ArrayList<>();
        twin.addListener(heard::add);
        for (SondeRegister r : ModbusSondeTwin.DEMO_MAP) {
            ModbusRequest request = ModbusRequest.read(1, r.function(), r.register(), r.width());
            int[] registers = ModbusResponseDecoder.decode(request, ask(twin, request, MIDNIGHT));
            double value = RegisterMapping.resolution(r.type(), r.scale(), r.offset(), r.quantity())
                    .round(RegisterValue.decode(registers, 0, r.type(), r.order(), r.scale(), r.offset()));
            assertEquals(heard.get(heard.size() - 1).values().get(r.quantity()), value, r.quantity().id() + ", at its resolution");
        }
        assertEquals(4, heard.size());
    }

    @Test
    void unknownRegistersHalfValuesAndUnknownFunctionsAreExceptions() {
        ModbusSondeTwin twin = sonde(TwinOptions.defaults());
        assertEquals(2, exception(twin, ModbusRequest.readHoldingRegisters(1, 0x0100, 1)));
        assertEquals(2, exception(twin, ModbusRequest.readInputRegisters(1, 0x0010, 1)), "half a float32");
        assertEquals(2, exception(twin, ModbusRequest.readInputRegisters(1, 0x0000, 1)), "a holding register asked as input");
        assertEquals(2, exception(twin, ModbusRequest.writeSingleRegister(1, 0x0001, 5)));
        assertEquals(1, exception(twin, ModbusRequest.writeMultipleRegisters(1, 0x0020, 1)));
        assertEquals(2, exception(s8(TwinOptions.defaults()), ModbusRequest.readInputRegisters(0xFE, 4, 1)));
    }

    @Test
    void aTriggerWriteIsEchoed() {
        ModbusSondeTwin twin = sonde(TwinOptions.defaults());
        assertArrayEquals(hex("01 06 00 20 00 01 49 c0"),
                ask(twin, ModbusRequest.writeSingleRegister(1, ModbusSondeTwin.TRIGGER_REGISTER, 1), MIDNIGHT));
        assertEquals(1, twin.triggers());
    }

    @Test
    void switchedFaults() throws Exception {
        SenseairS8Twin twin = s8(TwinOptions.defaults());
        ModbusRequest co2 = ModbusRequest.readInputRegisters(0xFE, 3, 1);
        ModbusRequest status = ModbusRequest.readInputRegisters(0xFE, 0, 1);

        int first = ModbusResponseDecoder.decode(co2, ask(twin, co2, MIDNIGHT))[0];
        twin.faults().set(TwinFaults.Fault.STUCK, true);
        for (int i = 1; i <= 5; i++) {
            assertEquals(first, ModbusResponseDecoder.decode(co2, ask(twin, co2, MIDNIGHT + i * 600_000L))[0]);
        }
        twin.faults().set(TwinFaults.Fault.STUCK, false);

        twin.faults().set(TwinFaults.Fault.OUT_OF_RANGE, true);
        assertArrayEquals(new int[] {0x20}, ModbusResponseDecoder.decode(status, ask(twin, status, MIDNIGHT)));
        twin.faults().set(TwinFaults.Fault.OUT_OF_RANGE, false);

        twin.faults().set(TwinFaults.Fault.ERROR_RESPONSE, true);
        assertEquals(4, exception(twin, co2));
    }

    @Test
    void corruptAndTornRequestsAreIgnored() {
        ModbusSondeTwin twin = sonde(TwinOptions.defaults());
        byte[] request = ModbusRequest.readHoldingRegisters(1, 0, 1).bytes();
        byte[] corrupt = request.clone();
        corrupt[7] ^= 1;
        twin.receive(corrupt, 0, corrupt.length, MIDNIGHT);
        assertEquals(0, twin.poll(MIDNIGHT).length);

        twin.receive(request, 0, 5, MIDNIGHT + 1000);
        twin.receive(request, 0, request.length, MIDNIGHT + 2000); // the torn start went stale
        assertEquals(7, twin.poll(MIDNIGHT + 2000).length);

        twin.receive(request, 0, 3, MIDNIGHT + 3000);
        twin.receive(request, 3, 5, MIDNIGHT + 3010);
        assertEquals(7, twin.poll(MIDNIGHT + 3010).length, "a request split over two reads");
    }

    @Test
    void badChecksumsAreCaughtByTheDriversDecoderAndNeverHeard() {
        ModbusSondeTwin twin = sonde(TwinOptions.defaults().withFaults(0, 0.3, 0).withSeed(5));
        List<TwinSample> heard = new ArrayList<>();
        twin.addListener(heard::add);
        ModbusRequest request = ModbusRequest.readHoldingRegisters(1, 0, 2);
        int corrupt = 0;
        for (int i = 0; i < 200; i++) {
            byte[] answer = ask(twin, request, MIDNIGHT + i * 1000L);
            try {
                ModbusResponseDecoder.decode(request, answer);
            } catch (ChecksumMismatchException e) {
                corrupt++;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        assertEquals(twin.injectedFaults().badChecksums(), corrupt);
        assertTrue(corrupt > 30, "about 30 %: " + corrupt);
        assertEquals(200 - corrupt, heard.size());
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() {
        TwinOptions faulty = TwinOptions.defaults().withFaults(0.1, 0.1, 0.1).withSeed(42);
        assertArrayEquals(run(faulty), run(faulty));
        assertFalse(Arrays.equals(run(faulty), run(faulty.withSeed(43))));
    }

    private static byte[] run(TwinOptions options) {
        ModbusBusTwin bus = new ModbusBusTwin(List.of(sonde(options), s8(options)));
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            for (ModbusRequest request : List.of(ModbusRequest.readInputRegisters(1, 0x10, 3),
                    ModbusRequest.readInputRegisters(SenseairS8Twin.FACTORY_ADDRESS, 0, 4))) {
                byte[] bytes = request.bytes();
                bus.receive(bytes, 0, bytes.length, MIDNIGHT + i * 1000L);
                sent.writeBytes(bus.poll(MIDNIGHT + i * 1000L));
            }
        }
        return sent.toByteArray();
    }

    private static int exception(ModbusSlaveTwin twin, ModbusRequest request) {
        return assertThrows(ModbusExceptionResponse.class,
                () -> ModbusResponseDecoder.decode(request, ask(twin, request, MIDNIGHT))).code();
    }

    @Test
    void demoOptionsDescribeTheTwinsMap() {
        assertEquals("[{function: 3, register: 0, type: int16, order: abcd, scale: 0.01, offset: 0.0, quantity: ph}, "
                        + "{function: 3, register: 1, type: int16, order: abcd, scale: 0.1, offset: 0.0, quantity: temperature}, "
                        + "{function: 4, register: 16, type: float32, order: cdab, scale: 1.0, offset: 0.0, quantity: conductivity}, "
                        + "{function: 4, register: 18, type: uint16, order: abcd, scale: 0.01, offset: 0.0, quantity: dissolved_oxygen}]",
                new ModbusSondeTwinProvider().demoSensorOptions().get("registers"));
    }
}
