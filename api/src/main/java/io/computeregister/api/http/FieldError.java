package io.computeregister.api.http;

/**
 * One entry of a 422 {@code err_detail} list. {@code field} is the last element of the original's error location:
 * a name, or for malformed JSON the character offset as a JSON integer (docs/protocol.md §2.0).
 */
public record FieldError(Object field, String message) {

    public static final String REQUIRED = "Field required";
    public static final String NOT_AN_INT = "Input should be a valid integer";
    public static final String INT_PARSE = "Input should be a valid integer, unable to parse string as an integer";
    public static final String INT_FRACTION = "Input should be a valid integer, got a number with a fractional part";
    public static final String NOT_A_NUMBER = "Input should be a valid number";
    public static final String NUMBER_PARSE = "Input should be a valid number, unable to parse string as a number";
    public static final String NOT_A_LIST = "Input should be a valid list";
    public static final String NOT_A_STRING = "Input should be a valid string";
    public static final String BOOL_PARSE = "Input should be a valid boolean, unable to interpret input";
    public static final String NOT_AN_OBJECT = "Input should be a valid dictionary or object to extract fields from";
    public static final String JSON_DECODE = "JSON decode error";
}
