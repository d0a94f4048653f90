package dev.threadprofiling.threadprof.format;

import java.util.Arrays;

/**
 * The few protobuf wire-format primitives a pprof profile needs: varints and length-delimited
 * fields, written into a growable byte array. Nested messages are built in a second writer and
 * embedded with {@link #message(int, ProtoWriter)}.
 */
final class ProtoWriter {

    private static final int WIRE_VARINT = 0;
    private static final int WIRE_LENGTH_DELIMITED = 2;

    private byte[] bytes;
    private int size;

    ProtoWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** An {@code int64}/{@code uint64}/{@code bool} field; zero is the proto3 default and is left out. */
    ProtoWriter varintField(int field, long value) {
        if (value != 0) {
            tag(field, WIRE_VARINT);
            varint(value);
        }
        return this;
    }

    /** A {@code bool} field; {@code false} is left out. */
    ProtoWriter boolField(int field, boolean value) {
        return varintField(field, value ? 1 : 0);
    }

    /** A {@code string} field, always written (repeated strings keep their position, even when empty). */
    ProtoWriter stringField(int field, byte[] utf8) {
        tag(field, WIRE_LENGTH_DELIMITED);
        varint(utf8.length);
        write(utf8, 0, utf8.length);
        return this;
    }

    /** A packed {@code repeated uint64} field. */
    ProtoWriter packedVarints(int field, long[] values, int count) {
        if (count == 0) {
            return this;
        }
        int length = 0;
        for (int i = 0; i < count; i++) {
            length += varintSize(values[i]);
        }
        tag(field, WIRE_LENGTH_DELIMITED);
        varint(length);
        for (int i = 0; i < count; i++) {
            varint(values[i]);
        }
        return this;
    }

    /** An embedded message: the bytes of {@code message}, which is then {@linkplain #reset() reset}. */
    ProtoWriter message(int field, ProtoWriter message) {
        tag(field, WIRE_LENGTH_DELIMITED);
        varint(message.size);
        write(message.bytes, 0, message.size);
        message.reset();
        return this;
    }

    /** Appends the fields already written to {@code fields} as they are (top-level repeated fields). */
    ProtoWriter raw(ProtoWriter fields) {
        write(fields.bytes, 0, fields.size);
        return this;
    }

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
    }

    private void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }

    static int varintSize(long value) {
        int n = 1;
        long v = value;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
