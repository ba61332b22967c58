package io.computeregister.api.http;

import java.util.List;

/** Every field error of one request, answered as one 422 (never one error at a time). */
public final class ValidationException extends RuntimeException {

    public static final String MESSAGE = "Validation Error, Please check the request body.";

    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(MESSAGE, null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
