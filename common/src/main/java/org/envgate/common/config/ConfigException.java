package org.envgate.common.config;

import java.util.List;

/**
 * A config the gateway cannot run with. The message always names the file, the line and the
 * key at fault, e.g. {@code gateway.yaml:12: sensors[1].interval: '10x' is not a duration}.
 */
public class ConfigException extends Exception {

    private final String file;
    private final int line;
    private final String key;

    public ConfigException(String file, int line, String key, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
        this.file = file;
        this.line = line;
        this.key = key;
    }

    /** For {@link ConfigProblems}: the first problem's place, with a message of its own. */
    protected ConfigException(String message, ConfigException first) {
        super(message);
        this.file = first.file;
        this.line = first.line;
        this.key = first.key;
    }

    /** Every problem this stands for, in file order: this one alone, or those of {@link ConfigProblems}. */
    public List<ConfigException> problems() {
        return List.of(this);
    }

    public String file() {
        return file;
    }

    /** 1-based line number; 0 when the problem is the file itself. */
    public int line() {
        return line;
    }

    /** Dotted path of the key, e.g. {@code sensors[1].interval}; empty for the whole file. */
    public String key() {
        return key;
    }
}
