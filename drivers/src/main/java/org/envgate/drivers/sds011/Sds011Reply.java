package org.envgate.drivers.sds011;

/**
 * The sensor's answer to a command: {@code AA C5 CMD D1 D2 D3 ID1 ID2 CS AB}. For the set
 * commands D1 is 1 (set) or 0 (query) and D2 the value now in force: the reporting mode, work
 * (1) or sleep (0), the working period in minutes.
 *
 * @param command  the command answered, e.g. {@link Sds011Commands#SLEEP_AND_WORK}
 * @param setting  D1: 1 when the command set something, 0 when it only asked
 * @param value    D2: the value in force
 * @param deviceId the sensor's id
 */
public record Sds011Reply(int command, int setting, int value, int deviceId) implements Sds011Message {

    static Sds011Reply fields(byte[] bytes, int offset) {
        return new Sds011Reply(Sds011Frame.u8(bytes, offset + 2), Sds011Frame.u8(bytes, offset + 3),
                Sds011Frame.u8(bytes, offset + 4), Sds011Frame.be16(bytes, offset + 6));
    }
}
