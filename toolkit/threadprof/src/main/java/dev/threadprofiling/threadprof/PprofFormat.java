package dev.threadprofiling.threadprof;

/**
 * A {@link ThreadProfile} as a gzipped pprof {@code profile.proto} (sample type
 * {@code threads/count}), the format {@code go tool pprof} opens.
 *
 * <p>Placeholder with the encoder's signature; replaced by the pprof encoder.
 */
public final class PprofFormat {

    private PprofFormat() {
    }

    /** The profile as gzipped protobuf bytes. */
    public static byte[] gzipped(ThreadProfile profile) {
        throw new UnsupportedOperationException("the pprof encoder is not part of this build");
    }
}
