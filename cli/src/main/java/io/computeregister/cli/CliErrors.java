package io.computeregister.cli;

import picocli.CommandLine;

/**
 * Turns an exception escaping a command into one clear line on stderr and exit code 2, never a stack trace
 * (which could also carry secrets from a message). Set {@code COMPUTE_DEBUG=1} to see the trace.
 */
public final class CliErrors implements CommandLine.IExecutionExceptionHandler {

    /** Thrown by commands for a user mistake: the message is shown as is. */
    public static final class UserError extends RuntimeException {
        private final int exitCode;

        public UserError(String message) {
            this(message, 2);
        }

        public UserError(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        cmd.getErr().println(cmd.getColorScheme().errorText("error: " + message));
        if ("1".equals(System.getenv("COMPUTE_DEBUG"))) {
            ex.printStackTrace(cmd.getErr());
        }
        return ex instanceof UserError ue ? ue.exitCode : 2;
    }
}
