package dev.threadprofiling.threadprof.javalin;

import dev.threadprofiling.threadprof.capture.ContentionRecorder;
import io.javalin.Javalin;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server with the plugin for a test class's contention endpoints: contention recorded JVM-wide from
 * 5 ms ({@link ContentionRecorder#enable(Duration)}) before it starts, then stopped and disabled after
 * the class's tests.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RecordingServer SERVER = new RecordingServer();
 * }</pre>
 */
final class RecordingServer implements BeforeAllCallback, AfterAllCallback {

    static final Duration THRESHOLD = Duration.ofMillis(5);

    private Javalin app;

    Javalin app() {
        return app;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ContentionRecorder.enable(THRESHOLD);
        app = ThreadDebugPluginTest.start(new ThreadDebugPlugin(cfg -> cfg.createdBy = false), config -> {
        });
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (app != null) {
            app.stop();
        }
        ContentionRecorder.disable();
    }
}
