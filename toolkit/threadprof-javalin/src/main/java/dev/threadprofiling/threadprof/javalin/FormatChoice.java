package dev.threadprofiling.threadprof.javalin;

import java.util.List;
import java.util.Map;

/**
 * How a profile endpoint's {@code debug=N} (net/http/pprof's) and {@code format=name} (ours) choose one
 * answer: either alone, or both when they agree; {@code format=text} takes any text level of {@code debug}.
 *
 * <pre>{@code
 * FormatChoice.of(params, List.of(PPROF, DEBUG1), Map.of("pprof", PPROF, "text", DEBUG1, "json", JSON))
 * }</pre>
 */
final class FormatChoice {

    private FormatChoice() {
    }

    /**
     * The format {@code params} ask for: {@code byDebug.get(N)} for {@code debug=N}, {@code byFormat} for
     * {@code format=}, {@code byDebug.get(0)} for neither.
     */
    static <F> F of(QueryParams params, List<F> byDebug, Map<String, F> byFormat) {
        String[] levels = new String[byDebug.size()];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = String.valueOf(i);
        }
        String debug = params.oneOf("debug", levels);
        String format = params.oneOf("format", byFormat.keySet().stream().sorted(FormatChoice::pprofFirst).toArray(String[]::new));
        F chosenByDebug = debug == null ? null : byDebug.get(Integer.parseInt(debug));
        if (format == null) {
            return chosenByDebug == null ? byDebug.get(0) : chosenByDebug;
        }
        F chosenByFormat = byFormat.get(format);
        boolean textLevel = format.equals("text") && debug != null && !debug.equals("0");
        if (chosenByDebug != null && chosenByDebug != chosenByFormat && !textLevel) {
            throw new BadParameterException("debug", "debug=" + debug + " contradicts format=" + format
                    + ": give one of them (use debug=" + String.join("|", levels) + " or format=pprof|text|json)");
        }
        return textLevel ? chosenByDebug : chosenByFormat;
    }

    /** pprof, text, json: the order the messages list them in. */
    private static int pprofFirst(String a, String b) {
        List<String> order = List.of("pprof", "text", "json");
        return Integer.compare(order.indexOf(a), order.indexOf(b));
    }
}
