package dev.threadprofiling.threadleak.run;

import dev.threadprofiling.threadleak.Fixture;
import dev.threadprofiling.threadleak.LeakReport;
import dev.threadprofiling.threadleak.Leftovers;
import dev.threadprofiling.threadleak.ParallelExecutionTest;
import dev.threadprofiling.threadleak.ThreadLeakError;
import dev.threadprofiling.threadleak.VerifyNoThreadLeaksTest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/** The suite-level check: a session that leaves a thread behind fails when it closes. */
class ThreadLeakSessionListenerTest {

    @AfterEach
    void release() throws InterruptedException {
        Leftovers.release();
    }

    @Fixture
    static class LeaksWithoutTheAnnotation {
        @Test
        void leaks() {
            Leftovers.keep(new Thread(() -> VerifyNoThreadLeaksTest.sleep(60_000), "leaked-in-session")).start();
        }
    }

    @Fixture
    static class Clean {
        @Test
        void nothing() {
        }
    }

    @Test
    void aLeakingSessionFailsWhenItCloses() {
        LauncherSession session = openSession(Map.of(ThreadLeakSessionListener.ENABLED, "true"));
        run(session, LeaksWithoutTheAnnotation.class);

        ThreadLeakError error = assertThrows(ThreadLeakError.class, session::close);

        assertTrue(error.getMessage().startsWith("test run (threadleak.verifySession=true): " + LeakReport.HEADER),
                error.getMessage());
        assertTrue(error.getMessage().contains("Thread \"leaked-in-session\""), error.getMessage());
    }

    @Test
    void aCleanSessionCloses() {
        LauncherSession session = openSession(Map.of(ThreadLeakSessionListener.ENABLED, "true"));
        run(session, Clean.class);

        assertDoesNotThrow(session::close);
    }

    @Test
    void theListenerIsInertUnlessSwitchedOn() {
        LauncherSession session = openSession(Map.of());
        run(session, LeaksWithoutTheAnnotation.class);

        assertDoesNotThrow(session::close);
    }

    private static LauncherSession openSession(Map<String, String> settings) {
        return LauncherFactory.openSession(LauncherConfig.builder()
                .enableLauncherSessionListenerAutoRegistration(false)
                .addLauncherSessionListeners(new ThreadLeakSessionListener(k -> Optional.ofNullable(settings.get(k))))
                .build());
    }

    private static void run(LauncherSession session, Class<?> fixture) {
        session.getLauncher().execute(request().selectors(selectClass(fixture))
                .configurationParameter(Fixture.ENABLED, "true").build());
    }
}
