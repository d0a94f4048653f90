package dev.threadprofiling.threadprof.javalin;

/** A query parameter that {@link QueryParams} refuses; answered with 400 by {@link HttpErrors#badParameter}. */
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
