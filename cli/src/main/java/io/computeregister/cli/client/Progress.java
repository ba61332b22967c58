package io.computeregister.cli.client;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Shows on stderr that a slow request is in flight (a miner starting a container takes tens of seconds). On a
 * terminal it redraws one spinner line with the elapsed seconds and erases it at the end; otherwise (logs, pipes,
 * tests) it writes one line before and one after, so stdout stays clean for {@code --json}.
 */
final class Progress {

    private static final char[] FRAMES = {'|', '/', '-', '\\'};

    private Progress() {}

    static <T> T during(PrintWriter err, String label, Supplier<T> work) {
        long start = System.nanoTime();
        boolean tty = Terminal.interactive();
        Thread spinner = null;
        if (tty) {
            spinner = Thread.ofVirtual().start(() -> {
                int i = 0;
                while (!Thread.currentThread().isInterrupted()) {
                    long s = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                    err.print("\r" + FRAMES[i++ % FRAMES.length] + " " + label + " " + s + "s ");
                    err.flush();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        } else {
            err.println(label + " …");
            err.flush();
        }
        boolean done = false;
        try {
            T result = work.get();
            done = true;
            return result;
        } finally {
            if (spinner != null) {
                spinner.interrupt();
                try {
                    spinner.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                err.print("\r\033[K");
            }
            double secs = (System.nanoTime() - start) / 1e9;
            err.printf("%s %s after %.1f s%n", label, done ? "finished" : "stopped", secs);
            err.flush();
        }
    }
}
