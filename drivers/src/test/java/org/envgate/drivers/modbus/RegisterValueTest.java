package org.envgate.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RegisterValueTest {

    /** 0x11223344 as the registers of each order. */
    @Test
    void everyOrderPutsTheBytesWhereItsNameSays() {
        assertEquals(0x11223344, raw(RegisterType.UINT32, RegisterOrder.ABCD, 0x1122, 0x3344));
        assertEquals(0x11223344, raw(RegisterType.UINT32, RegisterOrder.CDAB, 0x3344, 0x1122));
        assertEquals(0x11223344, raw(RegisterType.UINT32, RegisterOrder.BADC, 0x2211, 0x4433));
        assertEquals(0x11223344, raw(RegisterType.UINT32, RegisterOrder.DCBA, 0x4433, 0x2211));
    }

    @Test
    void sixteenBitValuesSwapBytesOnlyInTheByteSwappedOrders() {
        assertEquals(0x1234, raw(RegisterType.UINT16, RegisterOrder.ABCD, 0x1234));
        assertEquals(0x1234, raw(RegisterType.UINT16, RegisterOrder.CDAB, 0x1234));
        assertEquals(0x1234, raw(RegisterType.UINT16, RegisterOrder.BADC, 0x3412));
        assertEquals(0x1234, raw(RegisterType.UINT16, RegisterOrder.DCBA, 0x3412));
    }

    @Test
    void signedUnsignedAndFloat() {
        assertEquals(-1, raw(RegisterType.INT16, RegisterOrder.ABCD, 0xFFFF));
        assertEquals(65535, raw(RegisterType.UINT16, RegisterOrder.ABCD, 0xFFFF));
        assertEquals(-2, raw(RegisterType.INT32, RegisterOrder.ABCD, 0xFFFF, 0xFFFE));
        assertEquals(4294967294.0, raw(RegisterType.UINT32, RegisterOrder.ABCD, 0xFFFF, 0xFFFE));
        assertEquals(7.0, raw(RegisterType.FLOAT32, RegisterOrder.ABCD, 0x40E0, 0x0000));
        assertEquals(-0.5, raw(RegisterType.FLOAT32, RegisterOrder.CDAB, 0x0000, 0xBF00));
    }

    @Test
    void scaleThenOffset() {
        assertEquals(25.3, RegisterValue.decode(new int[] {253}, 0, RegisterType.INT16, RegisterOrder.ABCD, 0.1, 0), 1e-9);
        assertEquals(-10.0, RegisterValue.decode(new int[] {400}, 0, RegisterType.UINT16, RegisterOrder.ABCD, 0.1, -50), 1e-9);
    }

    private static double raw(RegisterType type, RegisterOrder order, int... registers) {
        return RegisterValue.raw(registers, 0, type, order);
    }
}
