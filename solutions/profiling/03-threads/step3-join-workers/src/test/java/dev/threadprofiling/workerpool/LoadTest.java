package dev.threadprofiling.workerpool;

import dev.threadprofiling.leakmatrix.LoadCheck;

/** The finished solution under load: 1000 requests at concurrency 64 leave the thread total at idle. */
class LoadTest extends LoadCheck {

    LoadTest() {
        super(Main.class, 1000, 64);
    }
}
