package org.envgate.link;

import java.io.IOException;

/** Opens the link a port string names: {@code tcp://host:port}, or else a serial device path. */
public final class Links {

    private Links() {
    }

    public static Link open(String port, SerialSettings settings) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
