package dev.threadprofiling.threadprof.javalin;

/** A query parameter that {@code /debug/threads} does not accept; answered with 400. */
public final class BadParameterException extends RuntimeException {

    private final String parameter;

    public BadParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The offending parameter's name, e.g. {@code debug}. */
    public String parameter() {
        return parameter;
    }
}
