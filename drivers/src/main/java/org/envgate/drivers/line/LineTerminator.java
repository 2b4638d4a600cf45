package org.envgate.drivers.line;

/** The {@code terminator:} option: the character that ends a line. */
public enum LineTerminator {
    /** A line ends at LF; a CR right before it is dropped, so CRLF and LF lines both read. */
    LF,
    /** A line ends at CR; an LF right after it is dropped, so CR and CRLF lines both read. */
    CR
}
