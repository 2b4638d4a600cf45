package org.envgate.gateway.poll;

/** What a technician needs to know about one sensor. */
public enum SensorState {
    /** Not yet opened. */
    STARTING,
    /** Answering, but still inside its warm-up: values are not reported. */
    WARMING_UP,
    /** Answering with valid values. */
    OK,
    /** The port is there but the sensor gave no valid answer several times in a row. */
    NO_RESPONSE,
    /** The sensor answers with errors or with values it cannot measure; nothing of it is reported. */
    SENSOR_ERROR,
    /** The port cannot be opened (missing, no permission, busy) or went away. */
    PORT_FAULT
}
