package org.envgate.common.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A shipped bash completion script, run by bash as the shell would run it; and a usage's options. */
public final class BashCompletion {

    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z-]*");

    private BashCompletion() {
    }

    /**
     * What the completion offers for a command line whose last word is being typed.
     *
     * @param function the completion function the script defines, e.g. {@code _envgate}
     */
    public static List<String> complete(Path script, String function, String... words) throws Exception {
        List<String> quoted = new ArrayList<>();
        for (String word : words) {
            quoted.add("'" + word + "'");
        }
        String line = "source " + script + "; COMP_WORDS=(" + String.join(" ", quoted) + "); COMP_CWORD="
                + (words.length - 1) + "; " + function + "; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process bash = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes());
        if (!bash.waitFor(10, TimeUnit.SECONDS) || bash.exitValue() != 0) {
            throw new AssertionError("bash failed on " + script + ": " + out);
        }
        return out.lines().filter(l -> !l.isEmpty()).toList();
    }

    /** Every long option ({@code --name}) a usage text or manual page names. */
    public static TreeSet<String> options(String text) {
        TreeSet<String> options = new TreeSet<>();
        Matcher m = OPTION.matcher(text);
        while (m.find()) {
            options.add(m.group());
        }
        return options;
    }
}
