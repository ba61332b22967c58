package io.computeregister.bittensor.synapse;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Objects;

/**
 * A Bittensor request/response message (Python {@code bittensor.Synapse}, as of 9.0.0).
 *
 * <p>A concrete synapse is a plain class extending this one, with a no-argument constructor and its own fields at
 * their Python defaults. The class and field annotations here are inherited: every non-static field (private is
 * fine, no getters needed) maps to JSON in snake_case ({@code deviceRequirement} -> {@code device_requirement}),
 * nulls are written, unknown JSON fields are ignored (pydantic's default). The JSON starts with the base fields in
 * Python's order, then the subclass fields in declaration order.
 *
 * <p>The route name is the simple class name, as Python uses {@code cls.__name__}; override {@link #synapseName()}
 * only if the Java class must be named differently. Mutable and not thread-safe, like the pydantic model.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE,
        creatorVisibility = JsonAutoDetect.Visibility.ANY)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "timeout", "total_size", "header_size", "dendrite", "axon", "computed_body_hash"})
public abstract class Synapse {
    /** Python's default {@code timeout} field value, seconds. */
    public static final double DEFAULT_TIMEOUT_SECONDS = 12.0;

    private String name;
    private double timeout = DEFAULT_TIMEOUT_SECONDS;
    private long totalSize;
    private long headerSize;
    private TerminalInfo dendrite = new TerminalInfo();
    private TerminalInfo axon = new TerminalInfo();
    /** Always "" in the body: Python freezes this field; only the header carries the hash. */
    private String computedBodyHash = "";

    protected Synapse() {
        this.name = synapseName();
    }

    /** The route and {@code name} value: the Python class name. */
    public String synapseName() {
        return getClass().getSimpleName();
    }

    /**
     * JSON (snake_case) names of the fields whose values the body hash covers (Python's {@code required_hash_fields}
     * class variable). Empty by default, which makes the hash the SHA3-256 of "".
     */
    public List<String> requiredHashFields() {
        return List.of();
    }

    public String name() { return name; }
    public double timeout() { return timeout; }
    public Synapse timeout(double seconds) { this.timeout = seconds; return this; }
    public long totalSize() { return totalSize; }
    public void totalSize(long v) { totalSize = v; }
    public long headerSize() { return headerSize; }
    public void headerSize(long v) { headerSize = v; }
    public TerminalInfo dendrite() { return dendrite; }
    public void dendrite(TerminalInfo v) { dendrite = Objects.requireNonNull(v, "dendrite"); }
    public TerminalInfo axon() { return axon; }
    public void axon(TerminalInfo v) { axon = Objects.requireNonNull(v, "axon"); }
    public String computedBodyHash() { return computedBodyHash; }

    /** Only a header-built synapse carries a hash here (the axon's view of the {@code computed_body_hash} header). */
    void computedBodyHash(String v) { computedBodyHash = v; }
}
