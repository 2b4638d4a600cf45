package org.envgate.drivers;

import org.envgate.wire.Quantity;

/** One decoded value in the quantity's own unit; the poller stamps it into a reading. */
public record Measurement(Quantity quantity, double value) {
}
