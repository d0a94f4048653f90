package dev.threadprofiling.threadprof.model;

/** A profile file or response that cannot be read: not JSON, a wrong schema, or a missing field. */
public class ProfileFormatException extends RuntimeException {

    public ProfileFormatException(String message) {
        super(message);
    }

    public ProfileFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
