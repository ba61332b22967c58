package io.computeregister.miner.hardware;

import io.computeregister.protocol.specs.MinerSpecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks {@code nvidia-smi} for the GPUs (name, memory MiB, max graphics and memory clocks MHz). */
final class NvidiaSmi {

    private static final Logger log = LoggerFactory.getLogger(NvidiaSmi.class);
    static final List<String> ARGUMENTS = List.of(
            "--query-gpu=name,memory.total,clocks.max.graphics,clocks.max.memory",
            "--format=csv,noheader,nounits");
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String executable;

    NvidiaSmi(String executable) {
        this.executable = executable;
    }

    /** The GPUs, or none when nvidia-smi is absent, fails, or does not answer in time. */
    MinerSpecs.Gpu query() {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(ARGUMENTS);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            log.debug("no nvidia-smi ({}): reporting no GPUs", e.getMessage());
            return MinerSpecs.Gpu.none();
        }
        // Read on the side: a full pipe would block the child, and a hung child must not block us past the timeout.
        Process child = process;
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return child.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, runnable -> Thread.ofVirtual().name("nvidia-smi-output").start(runnable));
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                log.warn("nvidia-smi did not finish within {} s: reporting no GPUs", TIMEOUT.toSeconds());
                return MinerSpecs.Gpu.none();
            }
            if (process.exitValue() != 0) {
                log.warn("nvidia-smi exited with {}: reporting no GPUs", process.exitValue());
                return MinerSpecs.Gpu.none();
            }
            return parse(new String(output.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (ExecutionException | TimeoutException e) {
            log.warn("reading nvidia-smi output failed: {}", e.toString());
            return MinerSpecs.Gpu.none();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return MinerSpecs.Gpu.none();
        }
    }

    /**
     * Parses {@code name, memory.total, clocks.max.graphics, clocks.max.memory} lines. Clocks of the first card go to
     * graphics_speed / memory_speed, as the original reports one pair; "[N/A]" becomes absent.
     */
    static MinerSpecs.Gpu parse(String csv) {
        List<MinerSpecs.GpuDetail> details = new ArrayList<>();
        long capacity = 0;
        Integer graphics = null;
        Integer memory = null;
        for (String line : csv.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            // The name may itself contain commas; the three numbers are always the last fields.
            String[] fields = line.strip().split("\\s*,\\s*");
            if (fields.length < 4) {
                log.warn("ignoring an nvidia-smi line with {} fields instead of 4", fields.length);
                continue;
            }
            int n = fields.length;
            String name = String.join(", ", List.of(fields).subList(0, n - 3));
            Long mib = number(fields[n - 3]);
            details.add(new MinerSpecs.GpuDetail(name, mib));
            capacity += mib == null ? 0 : mib;
            if (details.size() == 1) {
                graphics = toInt(number(fields[n - 2]));
                memory = toInt(number(fields[n - 1]));
            }
        }
        if (details.isEmpty()) {
            return MinerSpecs.Gpu.none();
        }
        return new MinerSpecs.Gpu(details.size(), capacity, details, graphics, memory);
    }

    private static Long number(String field) {
        try {
            return Math.round(Double.parseDouble(field.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer toInt(Long value) {
        return value == null ? null : Math.toIntExact(value);
    }
}
