package org.envgate.common.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A page's answer before it is written: the server adds the headers every answer carries.
 *
 * @param status      the HTTP status code
 * @param contentType the body's media type
 * @param headers     further headers, by name
 */
public record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";

    public Answer(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    public static Answer ok(String contentType, byte[] body) {
        return new Answer(200, contentType, body);
    }

    public static Answer json(byte[] body) {
        return ok(JSON, body);
    }

    /** A short plain-text answer, such as why a request is refused. */
    public static Answer text(int status, String text) {
        return new Answer(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }
}
