package dev.threadprofiling.threadprof.capture;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The source file a class records (its {@code SourceFile} attribute), for stacks that come without
 * one, such as JFR's: {@code JettyServer.kt} for a Kotlin class, never a guessed {@code .java}.
 */
public final class SourceFiles {

    private static final int CACHE_LIMIT = 10_000;
    private static final Map<String, Optional<String>> CACHE = new ConcurrentHashMap<>();

    private SourceFiles() {
    }

    /** The file the class's bytes name, or {@code null} when the class cannot be read or records none. */
    public static String of(String className) {
        Optional<String> cached = CACHE.get(className);
        if (cached == null) {
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear();
            }
            cached = Optional.ofNullable(read(className));
            CACHE.put(className, cached);
        }
        return cached.orElse(null);
    }

    private static String read(String className) {
        int hidden = className.indexOf("$$Lambda");
        String outer = hidden > 0 ? className.substring(0, hidden) : className;
        String resource = outer.replace('.', '/') + ".class";
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                SourceFiles.class.getClassLoader(), ClassLoader.getSystemClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in != null) {
                    return sourceFileAttribute(new DataInputStream(in));
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        try (InputStream in = ClassLoader.getPlatformClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : sourceFileAttribute(new DataInputStream(in));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Walks the class file (JVMS 4.1) to its {@code SourceFile} attribute. */
    private static String sourceFileAttribute(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            return null;
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                default -> {
                    return null;
                }
            }
        }
        in.skipNBytes(6);
        in.skipNBytes(2L * in.readUnsignedShort());
        for (int members = 0; members < 2; members++) {
            int n = in.readUnsignedShort();
            for (int i = 0; i < n; i++) {
                in.skipNBytes(6);
                skipAttributes(in);
            }
        }
        int attributes = in.readUnsignedShort();
        for (int i = 0; i < attributes; i++) {
            String name = utf8[in.readUnsignedShort()];
            int length = in.readInt();
            if ("SourceFile".equals(name)) {
                return utf8[in.readUnsignedShort()];
            }
            in.skipNBytes(length);
        }
        return null;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int i = 0; i < attributes; i++) {
            in.skipNBytes(2);
            in.skipNBytes(Integer.toUnsignedLong(in.readInt()));
        }
    }
}
