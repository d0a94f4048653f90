package dev.threadprofiling.threadprof.capture;

import dev.threadprofiling.threadprof.model.ThreadProfile;

/** The {@link ThreadProfile.ProcessInfo} of the running JVM. */
final class ProcessInfos {

    private ProcessInfos() {
    }

    static ThreadProfile.ProcessInfo current(String source) {
        String command = System.getProperty("sun.java.command", "");
        String mainClass = command.isBlank() ? null : command.split(" ", 2)[0];
        return new ThreadProfile.ProcessInfo(ProcessHandle.current().pid(), mainClass,
                System.getProperty("java.version"), source);
    }
}
