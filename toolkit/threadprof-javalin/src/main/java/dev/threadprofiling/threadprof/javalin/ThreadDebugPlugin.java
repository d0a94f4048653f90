package dev.threadprofiling.threadprof.javalin;

import dev.threadprofiling.threadprof.capture.DeadlockDetector;
import dev.threadprofiling.threadprof.capture.ThreadCapture;
import dev.threadprofiling.threadprof.capture.ThreadStartTracker;
import dev.threadprofiling.threadprof.format.Debug1Format;
import dev.threadprofiling.threadprof.format.Debug2Format;
import dev.threadprofiling.threadprof.format.JsonFormat;
import dev.threadprofiling.threadprof.format.PprofFormat;
import dev.threadprofiling.threadprof.model.ThreadProfile;
import dev.threadprofiling.threadprof.model.ContentionKind;
import dev.threadprofiling.threadprof.web.ProfileView;
import dev.threadprofiling.threadprof.web.WebAssets;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.plugin.Plugin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the chapter's endpoints on a Javalin app: {@code GET /debug/threads} (pprof, {@code debug=1},
 * {@code debug=2}, JSON), the web view {@code GET /debug/threads/ui} with the thread total it polls
 * ({@code GET /debug/threads/summary}), {@code GET /debug/block}, {@code GET /debug/mutex} and
 * {@code GET /debug/pinned} (contention profiles, see {@link ContentionEndpoint}), and {@code GET /metrics} (Prometheus text
 * from Micrometer, with the profile's largest groups as {@code threadprof_threads}: {@link ThreadGroupMetrics}).
 *
 * <pre>{@code
 * Javalin.create(config -> config.registerPlugin(new ThreadDebugPlugin())).start("127.0.0.1", 6060);
 * Javalin.create(config -> config.registerPlugin(new ThreadDebugPlugin(cfg -> cfg.allowRemote = true)));
 * }</pre>
 *
 * <p>{@code /debug/*} answers loopback clients only (see {@link LoopbackOnly}) unless
 * {@link Config#allowRemote} is set; others get 403. A {@link BadParameterException} from any route of the
 * app ({@link QueryParams}) gets 400 with {@code {"error": "...", "parameter": "debug"}}; unknown paths under
 * {@code /debug} get a JSON 404.
 */
public final class ThreadDebugPlugin extends Plugin<ThreadDebugPlugin.Config> {

    public static final String THREADS_PATH = "/debug/threads";
    /**
     * The web view: top table, flame graph, live thread chart and baseline diff of the threads, and the
     * block, mutex and pinned profiles' waits ({@code ?profile=block&seconds=5}).
     */
    public static final String UI_PATH = THREADS_PATH + WebAssets.UI_SUFFIX;
    /** What the web view posts its profile to, and draws the answer of ({@link ProfileView}). */
    public static final String VIEW_PATH = THREADS_PATH + ProfileView.VIEW_SUFFIX;
    /** {@code {"total":N,"time":"…"}}, what the web view's chart polls every second. */
    public static final String SUMMARY_PATH = THREADS_PATH + WebAssets.SUMMARY_SUFFIX;
    public static final String METRICS_PATH = "/metrics";
    /** Go's block profile: where threads waited (parks, monitor waits, contended locks). */
    public static final String BLOCK_PATH = "/debug/block";
    /** Go's mutex profile: where threads waited for a lock. */
    public static final String MUTEX_PATH = "/debug/mutex";
    /** Where virtual threads blocked while pinned to their carrier thread (Java 21+; no Go counterpart). */
    public static final String PINNED_PATH = "/debug/pinned";
    /** Prometheus text exposition format 0.0.4. */
    public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String TEXT_CONTENT_TYPE = "text/plain; charset=utf-8";
    static final String JSON_CONTENT_TYPE = HttpErrors.JSON_CONTENT_TYPE;

    private static final Logger LOG = LoggerFactory.getLogger(ThreadDebugPlugin.class);
    /** What the web view switches between. */
    private static final Map<String, String> PROFILE_PATHS = Map.of(
            "threads", THREADS_PATH, ContentionKind.BLOCK.pathName(), BLOCK_PATH, ContentionKind.MUTEX.pathName(), MUTEX_PATH,
            ContentionKind.PINNED.pathName(), PINNED_PATH);

    /** Options, set through the constructor's lambda. */
    public static final class Config {
        /** Serve {@code /debug/*} to any client, not only loopback ones. Off by default. */
        public boolean allowRemote = false;
        /** Fill in "created by" from JFR ({@link ThreadStartTracker#shared()}). On by default. */
        public boolean createdBy = true;
        /**
         * The longest a capture waits for JFR to deliver the start of a thread it does not know yet
         * (one flush, a second, is the usual wait; with every live thread known there is none).
         */
        public Duration createdByWait = Duration.ofSeconds(2);
        /** A registry of the app's own to serve on {@code /metrics}; {@code null} makes a new one. */
        public PrometheusMeterRegistry registry = null;
        /** Bind the JVM thread, memory, GC, processor and uptime meters to the registry. */
        public boolean jvmMetrics = true;
        /** When a capture asks the JVM for deadlocks: by default only when some thread waits for a held lock. */
        public DeadlockDetector.Policy deadlocks = DeadlockDetector.Policy.WHEN_THREADS_WAIT_FOR_LOCKS;
        /**
         * How many of the profile's largest groups {@code /metrics} serves as {@code threadprof_threads} series
         * ({@link ThreadGroupMetrics}), plus one {@code other} series; 0 serves none. Each {@code /metrics}
         * request then captures the threads once, as {@code /debug/threads?debug=1} does.
         */
        public int threadGroups = 10;
    }

    private final PrometheusMeterRegistry registry;
    private ThreadStartTracker tracker;
    private JvmMetrics jvmMetrics;
    private ThreadGroupMetrics threadGroups;

    public ThreadDebugPlugin() {
        this(config -> {
        });
    }

    public ThreadDebugPlugin(Consumer<Config> userConfig) {
        super(userConfig, new Config());
        this.registry = pluginConfig.registry != null ? pluginConfig.registry
                : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** The registry {@code /metrics} serves, for apps that add meters of their own. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public String name() {
        return "ThreadDebugPlugin";
    }

    @Override
    public void onInitialize(JavalinState state) {
        if (pluginConfig.createdBy) {
            // Started now so that threads the app starts from here on have a known origin.
            tracker = ThreadStartTracker.shared();
        }
        if (pluginConfig.jvmMetrics) {
            jvmMetrics = JvmMetrics.bindTo(registry);
            state.events.serverStopped(jvmMetrics::close);
        }
        if (pluginConfig.threadGroups > 0) {
            threadGroups = new ThreadGroupMetrics(() -> capture(false), pluginConfig.threadGroups).bindTo(registry);
        }
        if (pluginConfig.allowRemote) {
            LOG.warn("/debug/* is open to remote clients (allowRemote = true): anyone who reaches this port "
                    + "can read every thread's name and stack");
        }
        state.routes.before(this::guardDebugPaths);
        state.routes.exception(BadParameterException.class, HttpErrors::badParameter);
    }

    @Override
    public void onStart(JavalinState state) {
        state.routes.get(THREADS_PATH, this::serveThreads);
        state.routes.get(UI_PATH, ctx -> ctx.contentType("text/html; charset=utf-8").result(WebAssets.page(THREADS_PATH, PROFILE_PATHS)));
        state.routes.get(VIEW_PATH, this::serveThreadsView); // before {asset}, which would take "view"
        state.routes.get(UI_PATH + "/{asset}", this::serveAsset);
        state.routes.post(VIEW_PATH, this::serveView);
        state.routes.get(SUMMARY_PATH, ctx -> ctx.contentType(JSON_CONTENT_TYPE).result(WebAssets.summaryOfThisJvm()));
        state.routes.get(METRICS_PATH, this::serveMetrics);
        state.routes.get(BLOCK_PATH, ctx -> ContentionEndpoint.serve(ctx, ContentionKind.BLOCK));
        state.routes.get(MUTEX_PATH, ctx -> ContentionEndpoint.serve(ctx, ContentionKind.MUTEX));
        state.routes.get(PINNED_PATH, ctx -> ContentionEndpoint.serve(ctx, ContentionKind.PINNED));
        // After the app's own routes, so that it may add pages under /debug of its own.
        state.routes.get("/debug", this::noSuchDebugPage);
        state.routes.get("/debug/*", this::noSuchDebugPage);
    }

    private void serveAsset(Context ctx) {
        WebAssets.asset(ctx.pathParam("asset")).ifPresentOrElse(
                asset -> ctx.contentType(asset.contentType()).result(asset.bytes()),
                () -> noSuchDebugPage(ctx));
    }

    /** The view of the thread profile now, captured and answered at once: the page's load without a baseline. */
    private void serveThreadsView(Context ctx) {
        QueryParams.of(ctx);
        ctx.contentType(JSON_CONTENT_TYPE).result(ProfileView.threads(capture(true), null, null).toString());
    }

    private void serveView(Context ctx) throws java.io.IOException {
        // The body as it comes: a profile of many threads is larger than Javalin's maxRequestSize.
        String file = QueryParams.of(ctx, "file").value("file");
        ProfileView.Answer answer = ProfileView.answer(ctx.bodyInputStream().readAllBytes(), file);
        ctx.status(answer.status()).contentType(JSON_CONTENT_TYPE).result(answer.body());
    }

    private void noSuchDebugPage(Context ctx) {
        HttpErrors.send(ctx, 404, "no such debug page: " + ctx.path() + " (try " + THREADS_PATH + "?debug=1)", null);
    }

    private void guardDebugPaths(Context ctx) {
        if (pluginConfig.allowRemote || !LoopbackOnly.isDebugPath(ctx.path())) {
            return;
        }
        String remote = ctx.req().getRemoteAddr();
        if (!LoopbackOnly.isLoopback(remote)) {
            HttpErrors.send(ctx, 403, "/debug/* answers loopback clients only, and this request came from " + remote
                    + "; to open it, register new ThreadDebugPlugin(cfg -> cfg.allowRemote = true)", null);
            ctx.skipRemainingHandlers();
        }
    }

    private void serveThreads(Context ctx) {
        ThreadsQuery query = ThreadsQuery.of(ctx.queryParamMap());
        switch (query.format()) {
            case DEBUG1 -> ctx.contentType(TEXT_CONTENT_TYPE).result(Debug1Format.render(capture(false)));
            case DEBUG2 -> ctx.contentType(TEXT_CONTENT_TYPE).result(Debug2Format.render(capture(true), query.creationStacks()));
            case JSON -> ctx.contentType(JSON_CONTENT_TYPE).result(JsonFormat.writeBytes(capture(true)));
            case PPROF -> servePprof(ctx);
        }
    }

    private void servePprof(Context ctx) {
        byte[] gzipped = PprofFormat.gzipped(capture(true));
        ctx.contentType("application/octet-stream")
                .header("Content-Disposition", "attachment; filename=\"threads.pb.gz\"")
                .result(gzipped);
    }

    private ThreadProfile capture(boolean showsCreatedBy) {
        if (tracker == null) {
            return ThreadCapture.create().detectingDeadlocks(pluginConfig.deadlocks).capture();
        }
        if (showsCreatedBy) {
            tracker.awaitUpToDate(pluginConfig.createdByWait);
        }
        return ThreadCapture.withCreatedBy(tracker).detectingDeadlocks(pluginConfig.deadlocks).capture();
    }

    private void serveMetrics(Context ctx) {
        if (threadGroups != null) {
            threadGroups.refresh();
        }
        ctx.contentType(METRICS_CONTENT_TYPE).result(registry.scrape(METRICS_CONTENT_TYPE));
    }
}
