package io.computeregister.bittensor.wallet;

/**
 * A wallet key file that is missing, unreadable, encrypted or malformed. The message names the file and the problem
 * and never includes the file's content.
 */
public final class KeyFileException extends IllegalArgumentException {
    KeyFileException(String message) {
        super(message);
    }
}
