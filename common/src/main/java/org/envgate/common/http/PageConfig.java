package org.envgate.common.http;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.envgate.common.config.ConfigException;
import org.envgate.common.config.ConfigFiles;
import org.envgate.common.config.ConfigMap;
import org.envgate.common.mqtt.TlsSockets;

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

    /** {@code host:port}, an IPv6 host in brackets. */
    private static final Pattern LISTEN = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([^\\s:\\[\\]]+)):([0-9]{1,5})");

    /**
     * The keys {@code listen}, {@code password-file}, {@code cert-file} and {@code key-file} of a
     * page's section, checked as the page will use them: the password file's first line, the
     * certificate and key loaded once.
     *
     * @param examples how {@code listen} may be written, for its error message
     */
    public static PageConfig read(ConfigMap page, String examples) throws ConfigException {
        String listen = page.requiredText("listen");
        Matcher m = LISTEN.matcher(listen);
        if (!m.matches() || Integer.parseInt(m.group(3)) > 65_535) {
            throw page.error("listen", "'" + listen + "' must be host:port, e.g. " + examples);
        }
        String host = m.group(1) != null ? m.group(1) : m.group(2);
        Optional<Path> passwordFile = page.readableFile("password-file");
        if (passwordFile.isPresent()) {
            String first;
            try {
                first = ConfigFiles.readNamedFile(passwordFile.get()).lines().findFirst().orElse("");
            } catch (IOException e) {
                throw page.error("password-file", e.getMessage());
            }
            if (first.isEmpty()) {
                throw page.error("password-file", "the first line of " + passwordFile.get() + " is empty; "
                        + "it must hold the password");
            }
        }
        Optional<Path> certFile = page.readableFile("cert-file");
        Optional<Path> keyFile = page.readableFile("key-file");
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw page.error(certFile.isPresent() ? "cert-file" : "key-file",
                    "cert-file and key-file go together: give both for HTTPS, or neither");
        }
        if (certFile.isPresent()) {
            try {
                TlsSockets.serverContext(certFile.get(), keyFile.get());
            } catch (TlsSockets.PemFileException e) {
                throw page.error(e.file().equals(certFile.get()) ? "cert-file" : "key-file", e.getMessage());
            } catch (IOException e) {
                throw page.error("cert-file", e.getMessage());
            }
        }
        return new PageConfig(host, Integer.parseInt(m.group(3)), passwordFile, certFile, keyFile, page.line("listen"));
    }

    /** How {@code listen} is written in the config. */
    public String listen() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
