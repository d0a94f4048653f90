package dev.threadprofiling.threadprof.capture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link ContentionRecorder} of a test class's own, started before its tests (JFR must be
 * available) and closed after them.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RecordingExtension RECORDING = new RecordingExtension(Duration.ofMillis(5));
 * }</pre>
 */
final class RecordingExtension implements BeforeAllCallback, AfterAllCallback {

    private final Duration threshold;
    private ContentionRecorder recorder;

    RecordingExtension(Duration threshold) {
        this.threshold = threshold;
    }

    ContentionRecorder recorder() {
        return recorder;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        recorder = ContentionRecorder.start(threshold);
        assertTrue(recorder.recording(), "JFR must be available on the test JVM");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        recorder.close();
    }
}
