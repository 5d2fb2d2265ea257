package io.xuanxuan.loadgen;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The load generator's command lines (the scenarios, the chaos run, the baseline server, the report), read
 * by picocli into an object whose fields carry {@code @Option}s, all the same way: {@code --name=value} or
 * {@code --name value}; an option given twice keeps its last value (repeatable ones add up); a usage error
 * or {@code --help} is an {@link IllegalArgumentException} (with an empty message for help), after which the
 * caller prints its usage text.
 */
public final class CommandLines {

    private CommandLines() {
    }

    public static <T> T parse(T options, String[] args) {
        CommandLine line = new CommandLine(options).setOverwrittenOptionsAllowed(true);
        try {
            line.parseArgs(args);
        } catch (ParameterException e) {
            // an option setter's own IllegalArgumentException (e.g. NAME=VALUE) keeps its message
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
                cause = cause.getCause();
            }
            throw new IllegalArgumentException(cause instanceof IllegalArgumentException ? cause.getMessage()
                    : e.getMessage(), e);
        }
        if (line.isUsageHelpRequested()) {
            throw new IllegalArgumentException("");
        }
        return options;
    }
}
