package io.computeregister.miner.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host programs the test image is made of, found on this machine: busybox (a static build: the shell and
 * coreutils) and dropbear (the SSH server), plus the shared libraries {@code ldd} lists for them. Programs run here
 * get fixed argument lists, never a shell string.
 */
final class HostTools {

    static final String INSTALL_HINT = "apt-get install busybox-static dropbear-bin";

    private static final List<Path> BUSYBOX = List.of(Path.of("/bin/busybox"), Path.of("/usr/bin/busybox"));
    private static final List<Path> DROPBEAR = List.of(Path.of("/usr/sbin/dropbear"), Path.of("/sbin/dropbear"));
    /** {@code libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)} or {@code /lib64/ld-linux-x86-64.so.2 (0x...)} */
    private static final Pattern LDD_PATH = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)");

    final Path busybox;
    final Path dropbear;

    private HostTools(Path busybox, Path dropbear) {
        this.busybox = busybox;
        this.dropbear = dropbear;
    }

    static HostTools find() {
        return find(BUSYBOX, DROPBEAR);
    }

    static HostTools find(List<Path> busyboxCandidates, List<Path> dropbearCandidates) {
        Path busybox = first(busyboxCandidates);
        Path dropbear = first(dropbearCandidates);
        if (busybox == null || dropbear == null) {
            List<String> missing = new ArrayList<>();
            if (busybox == null) {
                missing.add("busybox (looked in " + busyboxCandidates + ")");
            }
            if (dropbear == null) {
                missing.add("dropbear (looked in " + dropbearCandidates + ")");
            }
            throw new SshTestImage.MissingHostTools("the SSH test image is built from this host's programs; missing "
                    + String.join(", ", missing) + ". Install them with: " + INSTALL_HINT);
        }
        return new HostTools(busybox, dropbear);
    }

    /** Every shared library (resolved paths as the loader sees them) the given programs need; empty for static ones. */
    static Set<Path> sharedLibraries(Path... programs) {
        Set<Path> libs = new LinkedHashSet<>();
        for (Path program : programs) {
            // ldd exits 1 with "not a dynamic executable" for static binaries: that is an empty list, not an error.
            Matcher m = LDD_PATH.matcher(run("ldd", program.toString()).stdout);
            while (m.find()) {
                libs.add(Path.of(m.group(1)));
            }
        }
        return libs;
    }

    /** {@code busybox --list-full}: applet paths relative to / (e.g. {@code bin/sh}, {@code usr/bin/awk}). */
    List<String> busyboxApplets() {
        Result r = run(busybox.toString(), "--list-full");
        if (r.exit != 0) {
            throw new IllegalStateException(busybox + " --list-full exited with " + r.exit);
        }
        return r.stdout.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private record Result(int exit, String stdout) {}

    private static Result run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command[0] + " did not finish within 30 s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command[0], e);
        }
    }

    private static Path first(List<Path> candidates) {
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }
}
