package io.computeregister.protocol.specs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;

/**
 * A miner's hardware as the original publishes it in W&B {@code config.specs} and the API stores in
 * {@code miner_details.details} (docs/protocol.md §9.10). Component names are the wire names in camel case. A section
 * the miner could not measure is absent ({@code null}) rather than zero, as the original writes {@code {}} on failure;
 * the speed figures (MB/s) are only present when something measured them.
 *
 * @param cpu       physical cores and current frequency
 * @param gpu       NVIDIA GPUs; {@code count = 0} and no details when there are none
 * @param hardDisk  the data filesystem's size in bytes
 * @param ram       memory and swap in bytes
 * @param hasDocker whether a Docker engine answered
 * @param offer     ours, absent from the original's: what the miner rents out in total, for the API's capacity
 *                  accounting (several renters per machine); null when not offered
 * @param images    ours: the operator's image catalog by name, the default first; a renter picks one through
 *                  {@code docker_requirement.base_image}; null when not offered
 */
public record MinerSpecs(Cpu cpu, Gpu gpu, HardDisk hardDisk, Ram ram, Boolean hasDocker, Offer offer,
                         List<String> images) {

    /** The original's sections only (no offer, no images). */
    public MinerSpecs(Cpu cpu, Gpu gpu, HardDisk hardDisk, Ram ram, Boolean hasDocker) {
        this(cpu, gpu, hardDisk, ram, hasDocker, null, null);
    }

    public MinerSpecs withOffer(Offer o, List<String> imageNames) {
        return new MinerSpecs(cpu, gpu, hardDisk, ram, hasDocker, o, imageNames == null ? null : List.copyOf(imageNames));
    }

    /**
     * What our miner rents out in total (its ledger's limits): the API admits a request on it only where what is left
     * of these fits.
     *
     * @param cpus        cores offered
     * @param memoryBytes memory offered
     * @param diskBytes   disk offered
     * @param gpus        the GPUs offered, by index
     * @param ports       how many host ports its range has (each allocation takes one for SSH plus its extra ports)
     */
    public record Offer(Integer cpus, Long memoryBytes, Long diskBytes, List<OfferedGpu> gpus, Integer ports) {
        public Offer {
            gpus = gpus == null ? List.of() : List.copyOf(gpus);
        }
    }

    /** One GPU offered: its index on the host (what the container is given), model name, memory in MiB. */
    public record OfferedGpu(Integer index, String name, Long memoryMib) {}

    // The one mapper these records go through (toJson, fromJson): wire names are the components' in snake_case, an
    // unmeasured section (null) is left out as the original leaves it out, unknown fields are ignored.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * @param count     physical cores
     * @param frequency current frequency in MHz
     */
    public record Cpu(Integer count, Double frequency) {}

    /**
     * @param count         number of GPUs
     * @param capacity      sum of the cards' memory in MiB
     * @param details       one entry per card
     * @param graphicsSpeed graphics clock in MHz (of the first card), absent without GPUs
     * @param memorySpeed   memory clock in MHz (of the first card), absent without GPUs
     */
    public record Gpu(Integer count, Long capacity, List<GpuDetail> details, Integer graphicsSpeed,
                      Integer memorySpeed) {

        public Gpu {
            details = details == null ? List.of() : List.copyOf(details);
        }

        public static Gpu none() {
            return new Gpu(0, 0L, List.of(), null, null);
        }
    }

    /**
     * @param name     model name as nvidia-smi prints it, e.g. "NVIDIA A100-SXM4-80GB"
     * @param capacity memory in MiB
     */
    public record GpuDetail(String name, Long capacity) {}

    /** Bytes; speeds in MB/s. */
    public record HardDisk(Long total, Long free, Long used, Double readSpeed, Double writeSpeed) {}

    /** Bytes; speeds in MB/s. */
    public record Ram(Long total, Long available, Long used, Long free, Long swapTotal, Long swapUsed, Long swapFree,
                      Double readSpeed, Double writeSpeed) {}

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize miner specs", e);
        }
    }

    /**
     * Parses specs JSON as the original writes it (unknown fields such as a GPU's {@code utilization} are ignored).
     *
     * @throws IllegalArgumentException with the location of the first error
     */
    public static MinerSpecs fromJson(String json) {
        try {
            MinerSpecs specs = JSON.readValue(json, MinerSpecs.class);
            if (specs == null) {
                throw new IllegalArgumentException("specs JSON is empty");
            }
            return specs;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new IllegalArgumentException("specs JSON is invalid: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
    }
}
