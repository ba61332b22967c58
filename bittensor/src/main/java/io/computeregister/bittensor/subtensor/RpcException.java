package io.computeregister.bittensor.subtensor;

import java.io.IOException;

/**
 * A JSON-RPC call to a subtensor node that did not give a result: either the node answered with a JSON-RPC error
 * ({@link #rpcCode()} set, the node's message included verbatim) or the transport failed (unreachable, timed out,
 * closed, not JSON).
 */
public final class RpcException extends IOException {
    private final Integer rpcCode;

    RpcException(String message) {
        super(message);
        this.rpcCode = null;
    }

    RpcException(String message, Throwable cause) {
        super(message, cause);
        this.rpcCode = null;
    }

    RpcException(String message, int rpcCode) {
        super(message);
        this.rpcCode = rpcCode;
    }

    /** The JSON-RPC error code when the node answered with an error object; null for transport failures. */
    public Integer rpcCode() {
        return rpcCode;
    }
}
