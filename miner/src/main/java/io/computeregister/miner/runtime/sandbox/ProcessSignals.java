package io.computeregister.miner.runtime.sandbox;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends SIGSTOP / SIGCONT to the allocation's processes (the JDK can only send TERM and KILL). Runs {@code kill} with
 * the PIDs as separate arguments; no shell is involved.
 */
final class ProcessSignals {

    private static final Logger log = LoggerFactory.getLogger(ProcessSignals.class);
    private static final long TIMEOUT_SECONDS = 5;

    private ProcessSignals() {}

    static void stop(Collection<ProcessHandle> processes) {
        send("STOP", processes);
    }

    static void resume(Collection<ProcessHandle> processes) {
        send("CONT", processes);
    }

    private static void send(String signal, Collection<ProcessHandle> processes) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        processes.stream().filter(ProcessHandle::isAlive).forEach(p -> command.add(Long.toString(p.pid())));
        if (command.size() == 2) {
            return;
        }
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!kill.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                log.warn("kill -{} did not finish within {} s", signal, TIMEOUT_SECONDS);
            }
            // A process may exit between listing and signalling; kill then exits 1, which is harmless.
        } catch (IOException e) {
            log.warn("cannot run kill -{}: {}", signal, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
