package org.envgate.simulator.modbus;

/**
 * A request a slave heard.
 *
 * @param slave    the address it was sent to
 * @param function the function code
 * @param address  the first register
 * @param word     the register count (03, 04, 16) or the value (06)
 * @param values   the values of a write of several registers (16); empty otherwise
 */
public record RtuRequest(int slave, int function, int address, int word, int[] values) {
}
