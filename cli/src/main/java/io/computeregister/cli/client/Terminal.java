package io.computeregister.cli.client;

import java.io.Console;

/** Whether a person is at a terminal (spinners, interactive ssh) or the CLI runs in a pipe or a script. */
final class Terminal {

    private Terminal() {}

    static boolean interactive() {
        Console c = System.console();
        if (c == null) return false;
        // Since JDK 22 System.console() is non-null even when redirected; isTerminal() (22+) tells them apart.
        // We compile for 21, hence the reflective call.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
