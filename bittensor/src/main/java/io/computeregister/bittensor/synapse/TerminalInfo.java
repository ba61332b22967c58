package io.computeregister.bittensor.synapse;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One end of a call (Python {@code bittensor.TerminalInfo}): the dendrite that sent it or the axon that served it.
 * Every field is nullable because Python sends {@code null} for whatever is unknown, and the JSON must carry all ten
 * fields in this order. Mutable like the pydantic model it mirrors; not thread-safe.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"status_code", "status_message", "process_time", "ip", "port", "version", "nonce", "uuid", "hotkey",
        "signature"})
public final class TerminalInfo {
    private Integer statusCode;
    private String statusMessage;
    /** Seconds. */
    private Double processTime;
    private String ip;
    private Integer port;
    /** Bittensor {@code version_as_int}, e.g. 9000000 for 9.0.0. */
    private Long version;
    /** Wall-clock nanoseconds since the epoch (from a 7.2+ dendrite). */
    private Long nonce;
    private String uuid;
    /** SS58 address. */
    private String hotkey;
    /** {@code 0x} + 128 lowercase hex digits. */
    private String signature;

    public TerminalInfo() {}

    public TerminalInfo copy() {
        TerminalInfo c = new TerminalInfo();
        c.statusCode = statusCode;
        c.statusMessage = statusMessage;
        c.processTime = processTime;
        c.ip = ip;
        c.port = port;
        c.version = version;
        c.nonce = nonce;
        c.uuid = uuid;
        c.hotkey = hotkey;
        c.signature = signature;
        return c;
    }

    /** Overwrites this terminal's fields with every non-null field of {@code other} (Python's dict merge). */
    public void mergeNonNull(TerminalInfo other) {
        if (other.statusCode != null) statusCode = other.statusCode;
        if (other.statusMessage != null) statusMessage = other.statusMessage;
        if (other.processTime != null) processTime = other.processTime;
        if (other.ip != null) ip = other.ip;
        if (other.port != null) port = other.port;
        if (other.version != null) version = other.version;
        if (other.nonce != null) nonce = other.nonce;
        if (other.uuid != null) uuid = other.uuid;
        if (other.hotkey != null) hotkey = other.hotkey;
        if (other.signature != null) signature = other.signature;
    }

    public Integer statusCode() { return statusCode; }
    public TerminalInfo statusCode(Integer v) { statusCode = v; return this; }
    public String statusMessage() { return statusMessage; }
    public TerminalInfo statusMessage(String v) { statusMessage = v; return this; }
    public Double processTime() { return processTime; }
    public TerminalInfo processTime(Double v) { processTime = v; return this; }
    public String ip() { return ip; }
    public TerminalInfo ip(String v) { ip = v; return this; }
    public Integer port() { return port; }
    public TerminalInfo port(Integer v) { port = v; return this; }
    public Long version() { return version; }
    public TerminalInfo version(Long v) { version = v; return this; }
    public Long nonce() { return nonce; }
    public TerminalInfo nonce(Long v) { nonce = v; return this; }
    public String uuid() { return uuid; }
    public TerminalInfo uuid(String v) { uuid = v; return this; }
    public String hotkey() { return hotkey; }
    public TerminalInfo hotkey(String v) { hotkey = v; return this; }
    public String signature() { return signature; }
    public TerminalInfo signature(String v) { signature = v; return this; }

    @Override
    public String toString() {
        return "TerminalInfo[status=" + statusCode + " " + statusMessage + ", " + ip + ":" + port + ", hotkey=" + hotkey
                + ", version=" + version + ", nonce=" + nonce + ", uuid=" + uuid + "]";
    }
}
