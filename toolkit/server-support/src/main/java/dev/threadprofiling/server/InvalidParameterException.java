package dev.threadprofiling.server;

/** A query parameter that cannot be used; the server answers 400 with a JSON error naming it. */
public final class InvalidParameterException extends RuntimeException {

    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
