package dev.threadprofiling.threadprof.cli;

import dev.threadprofiling.threadprof.dump.ThreadDumps;
import dev.threadprofiling.threadprof.format.ContentionJson;
import dev.threadprofiling.threadprof.format.Debug1Format;
import dev.threadprofiling.threadprof.model.ProfileFormatException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code threadprof} command: {@code top}, {@code traces}, {@code list}, {@code diff} and {@code web} over a
 * thread profile from a URL, a file or standard input, as {@code go tool pprof} reads goroutine profiles.
 *
 * <pre>
 * threadprof top -n 5 http://127.0.0.1:6060/debug/threads
 * threadprof diff before.json http://127.0.0.1:6060/debug/threads
 * jstack 12345 | threadprof traces -
 * </pre>
 * Exit status: 0 done, 1 the source cannot be read, 2 bad usage.
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String SAMPLE_INDEX = "--sample-index";

    private static final String SOURCE_HELP = """
            SOURCE is an http(s) URL (http://127.0.0.1:6060/debug/threads: ?format=json is fetched), a file, or -
            for standard input, in any of these formats (detected): %s.
            top, traces, list and diff also read contention profiles: http://127.0.0.1:6060/debug/block,
            /debug/mutex or /debug/pinned (cumulative; ?seconds=N for a window; format=json is added), or a
            saved %s file. Their values are delay (the default) and a count, contentions (pinnings for
            /debug/pinned): --sample-index contentions picks the count (pprof's -sample_index).
            """.formatted(ThreadDumps.SUPPORTED_FORMATS, ContentionJson.SCHEMA);

    private static final String HELP = """
            Usage: threadprof COMMAND [OPTIONS] ARGS

            Commands:
              top [-n N] SOURCE            functions by flat and cumulative thread counts or delay (pprof's top)
              traces SOURCE                groups of threads with identical stacks, or the waits with their labels
              list REGEX SOURCE            source lines of matching functions with the threads or delay on each line
              diff [--stacks] BASE SOURCE  groups or stacks that grew or shrank between two profiles (pprof's -base)
              web [--port N] SOURCE        the web view (threads, block, mutex and pinned: top table, flame graph, waits, live chart)

            Run threadprof COMMAND --help for a command's options.
            """ + SOURCE_HELP;

    private static final String TOP_HELP = """
            Usage: threadprof top [-n N] [--sample-index TYPE] SOURCE

            Functions by flat (innermost frame) and cumulative (anywhere on the stack) thread counts,
            largest flat first, as pprof's top. -n N shows the first N (default 10). For a contention
            profile the weight is delay (or, with --sample-index contentions or pinnings, the number of waits).
            """ + SOURCE_HELP;
    private static final String TRACES_HELP = """
            Usage: threadprof traces SOURCE

            Threads grouped by identical state and stack, largest group first: "K @ STATE", the thread
            names, then the frames (the debug=1 text of /debug/threads, for any source), after the deadlocks
            found (a jstack or jcmd Thread.print dump's "Found one Java-level deadlock"). For a contention
            profile: each waiting stack, largest delay first, with its labels (event, lock, owner,
            notifier or reason) and count, as pprof's -traces.
            """ + SOURCE_HELP;
    private static final String LIST_HELP = """
            Usage: threadprof list REGEX SOURCE [--source-path DIR[:DIR...]] [--sample-index TYPE]

            The source of every function whose name (package.Class.method) REGEX finds, each line with
            the threads whose innermost frame is on it (flat) and the threads with it on the stack (cum),
            as pprof's list (delay or count for a contention profile). Sources are read from every src/main/java under the repository root (the
            nearest folder above the current one holding mvnw), or from --source-path.
            """ + SOURCE_HELP;
    private static final String DIFF_HELP = """
            Usage: threadprof diff [--stacks] [--sample-index TYPE] BASE SOURCE

            The groups that grew or shrank from BASE to SOURCE, matched by state and normalised stack
            (never by thread name), one line each: delta, state, thread names, top application frame
            (the first frame not in java.*, jdk.*, sun.*, org.eclipse.jetty.*), after a line
            "total B -> N (+D)". --stacks prints each changed group's stack under its line. Exit status 0.
            For two contention profiles of one kind (two windows): per stack, the change in delay and count,
            the first application frame and the lock, after a line with both totals.
            """ + SOURCE_HELP;
    private static final String WEB_HELP = """
            Usage: threadprof web [--port N] SOURCE

            Serves the web view of SOURCE on http://127.0.0.1:N/debug/threads/ui (N = 0, the default,
            picks a free port) and prints its URL; runs until interrupted (Ctrl-C). A workbook server's
            URL (http://127.0.0.1:6060, or its /debug/threads, /debug/block, /debug/mutex or
            /debug/pinned) gives all four profiles, fetched again on every page load (the page's window,
            seconds=N, is passed on), and the chart polls the thread total every second. A file holds
            one profile (threads, or a saved block, mutex or pinned profile) and is read once.
            """ + SOURCE_HELP;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        int status = run(args, System.out, System.err);
        boolean serving = status == OK && args.length > 0 && args[0].equals("web")
                && List.of(args).stream().noneMatch(a -> a.equals("-h") || a.equals("--help"));
        if (serving) {
            awaitForever();
        }
        System.exit(status);
    }

    /** Runs one command; {@code web} returns once the server has started. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(HELP);
            return USAGE;
        }
        String command = args[0];
        List<String> rest = List.of(args).subList(1, args.length);
        try {
            return switch (command) {
                case "-h", "--help", "help" -> {
                    out.print(HELP);
                    yield OK;
                }
                case "top" -> top(rest, out);
                case "traces" -> traces(rest, out);
                case "list" -> list(rest, out, err);
                case "diff" -> diff(rest, out);
                case "web" -> web(rest, out);
                default -> throw new UsageException("unknown command \"" + command + "\"", HELP);
            };
        } catch (HelpRequested e) {
            out.print(e.help);
            return OK;
        } catch (UsageException e) {
            err.println("threadprof: " + e.getMessage());
            err.print(e.help);
            return USAGE;
        } catch (ProfileFormatException | UncheckedIOException | IOException e) {
            err.println("threadprof: " + e.getMessage());
            return FAILED;
        }
    }

    private static int top(List<String> args, PrintStream out) {
        Options options = Options.parse(args, TOP_HELP, List.of("-n", SAMPLE_INDEX), List.of());
        options.expectPositional(1, "SOURCE");
        int n = options.intValue("-n", 10);
        if (n < 1) {
            throw new UsageException("-n must be at least 1, not " + n, TOP_HELP);
        }
        LoadedProfile profile = ProfileSources.loadAny(options.positional(0));
        out.print(TopReport.render(profile, options.sampleValues(profile), n));
        return OK;
    }

    private static int traces(List<String> args, PrintStream out) {
        Options options = Options.parse(args, TRACES_HELP, List.of(SAMPLE_INDEX), List.of());
        options.expectPositional(1, "SOURCE");
        LoadedProfile profile = ProfileSources.loadAny(options.positional(0));
        SampleValues values = options.sampleValues(profile);
        out.print(profile.threads() != null ? Debug1Format.render(profile.threads())
                : TracesReport.render(profile.weighted(), values));
        return OK;
    }

    private static int list(List<String> args, PrintStream out, PrintStream err) {
        Options options = Options.parse(args, LIST_HELP, List.of("--source-path", SAMPLE_INDEX), List.of());
        options.expectPositional(2, "REGEX SOURCE");
        Pattern regex;
        try {
            regex = Pattern.compile(options.positional(0));
        } catch (PatternSyntaxException e) {
            throw new UsageException("REGEX is not a regular expression: " + e.getDescription(), LIST_HELP);
        }
        List<Path> roots;
        String sourcePath = options.value("--source-path");
        if (sourcePath != null) {
            roots = SourceRoots.fromPath(sourcePath);
        } else {
            roots = SourceRoots.repositoryRoot(Path.of("")).map(SourceRoots::discover).orElse(List.of());
            if (roots.isEmpty()) {
                err.println("threadprof: no src/main/java found (no mvnw above " + Path.of("").toAbsolutePath()
                        + "); counts are shown without source, or use --source-path");
            }
        }
        LoadedProfile profile = ProfileSources.loadAny(options.positional(1));
        SampleValues values = options.sampleValues(profile);
        StringBuilder notes = new StringBuilder();
        String text = ListReport.render(profile, values, regex, roots, notes);
        err.print(notes);
        err.flush();
        if (text == null) {
            err.println("threadprof: no function matches " + regex.pattern() + " in " + options.positional(1));
            return FAILED;
        }
        out.print(text);
        return OK;
    }

    private static int diff(List<String> args, PrintStream out) {
        Options options = Options.parse(args, DIFF_HELP, List.of(SAMPLE_INDEX), List.of("--stacks"));
        options.expectPositional(2, "BASE SOURCE");
        LoadedProfile base = ProfileSources.loadAny(options.positional(0));
        LoadedProfile profile = ProfileSources.loadAny(options.positional(1));
        if ((base.threads() == null) != (profile.threads() == null)) {
            throw new UsageException("BASE and SOURCE must be the same kind of profile (threads, or block, mutex or pinned)",
                    DIFF_HELP);
        }
        SampleValues values = options.sampleValues(profile);
        if (profile.threads() != null) {
            out.print(DiffReport.render(base.threads(), profile.threads(), options.flag("--stacks")));
        } else {
            try {
                out.print(WeightedDiffReport.render(base.weighted(), profile.weighted(), values, options.flag("--stacks")));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), DIFF_HELP);
            }
        }
        return OK;
    }

    private static int web(List<String> args, PrintStream out) throws IOException {
        Options options = Options.parse(args, WEB_HELP, List.of("--port"), List.of());
        options.expectPositional(1, "SOURCE");
        int port = options.intValue("--port", 0);
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be 0..65535, not " + port, WEB_HELP);
        }
        WebView view = WebView.start(options.positional(0), port);
        Runtime.getRuntime().addShutdownHook(new Thread(view::close, "threadprof-web-shutdown"));
        out.println("threadprof web: serving " + options.positional(0) + " on " + view.url() + " (Ctrl-C stops)");
        out.flush();
        return OK;
    }

    /** Blocks the caller until the JVM exits: {@code threadprof web} keeps serving on its pool threads. */
    static void awaitForever() throws InterruptedException {
        new CountDownLatch(1).await();
    }

    /** Bad usage: exit 2 with the message and the command's help. */
    static final class UsageException extends RuntimeException {
        final String help;

        UsageException(String message, String help) {
            super(message);
            this.help = help;
        }
    }

    private static final class HelpRequested extends RuntimeException {
        final String help;

        HelpRequested(String help) {
            super(null, null, false, false);
            this.help = help;
        }
    }

    /** {@code -n 5}, {@code --port=8080}, flags and positional arguments, in any order. */
    private static final class Options {
        private final String help;
        private final java.util.Map<String, String> values = new java.util.HashMap<>();
        private final java.util.Set<String> flags = new java.util.HashSet<>();
        private final List<String> positional = new ArrayList<>();

        private Options(String help) {
            this.help = help;
        }

        static Options parse(List<String> args, String help, List<String> valued, List<String> flagNames) {
            Options options = new Options(help);
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("-h") || arg.equals("--help")) {
                    throw new HelpRequested(help);
                }
                String name = arg.contains("=") && arg.startsWith("-") ? arg.substring(0, arg.indexOf('=')) : arg;
                if (valued.contains(name)) {
                    String value;
                    if (!name.equals(arg)) {
                        value = arg.substring(name.length() + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new UsageException(name + " needs a value", help);
                    }
                    options.values.put(name, value);
                } else if (flagNames.contains(arg)) {
                    options.flags.add(arg);
                } else if (arg.startsWith("-") && !arg.equals("-")) {
                    throw new UsageException("unknown option " + arg, help);
                } else {
                    options.positional.add(arg);
                }
            }
            return options;
        }

        void expectPositional(int count, String names) {
            if (positional.size() != count) {
                throw new UsageException("expected " + names + ", got " + (positional.isEmpty() ? "nothing"
                        : String.join(" ", positional)), help);
            }
        }

        String positional(int index) {
            return positional.get(index);
        }

        String value(String name) {
            return values.get(name);
        }

        boolean flag(String name) {
            return flags.contains(name);
        }

        /** The sample type {@code --sample-index} names, or the profile's last (delay for a contention profile). */
        SampleValues sampleValues(LoadedProfile profile) {
            try {
                return SampleValues.of(profile, value(SAMPLE_INDEX));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), help);
            }
        }

        int intValue(String name, int fallback) {
            String value = values.get(name);
            if (value == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new UsageException(name + " must be a number, not \"" + value + "\"", help);
            }
        }
    }
}
