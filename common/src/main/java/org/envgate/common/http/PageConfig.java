package org.envgate.common.http;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where and how a page listens, as its config section gives it.
 *
 * @param host         the address to listen on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port         the TCP port; 0 takes any free one (tests)
 * @param passwordFile file whose first line is the password for HTTP Basic auth, any user name
 * @param certFile     the PEM certificate (chain) for HTTPS; with {@code keyFile}, or neither for HTTP
 * @param keyFile      the certificate's unencrypted PKCS#8 PEM key
 * @param line         the config line of {@code listen}, for messages
 */
public record PageConfig(String host, int port, Optional<Path> passwordFile, Optional<Path> certFile,
                         Optional<Path> keyFile, int line) {

    /** How {@code listen} is written in the config. */
    public String listen() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
