package dev.threadprofiling.benchmarks.capture;

/** About {@code megabytes} of live small objects, so a capture can be timed against a large heap. */
final class LiveHeap {

    /** 16-byte header + 48 bytes of payload: a 64-byte object, typical of an application heap. */
    private static final int OBJECT_BYTES = 64;
    private static final int PAYLOAD_BYTES = 48;
    private static final int CHUNK = 1 << 16;

    private LiveHeap() {
    }

    /** Keeps the returned array reachable to keep the objects live. */
    static Object[][] allocate(int megabytes) {
        long objects = (long) megabytes * 1024 * 1024 / OBJECT_BYTES;
        int chunks = (int) ((objects + CHUNK - 1) / CHUNK);
        Object[][] heap = new Object[chunks][];
        long left = objects;
        for (int c = 0; c < chunks; c++) {
            int size = (int) Math.min(CHUNK, left);
            Object[] chunk = new Object[size];
            for (int i = 0; i < size; i++) {
                chunk[i] = new byte[PAYLOAD_BYTES];
            }
            heap[c] = chunk;
            left -= size;
        }
        return heap;
    }
}
