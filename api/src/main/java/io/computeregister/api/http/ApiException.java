package io.computeregister.api.http;

/**
 * A refusal the client should see: status plus the RegisterAPI error envelope
 * {@code {"success": false, "message": ..., "err_detail": ...}}. Messages must never carry secrets.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String errDetail;

    public ApiException(int status, String message, String errDetail) {
        super(message, null, false, false); // no stack trace: this is an answer, not a fault
        this.status = status;
        this.errDetail = errDetail;
    }

    public int status() {
        return status;
    }

    public String errDetail() {
        return errDetail;
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "Unauthorized", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail);
    }
}
