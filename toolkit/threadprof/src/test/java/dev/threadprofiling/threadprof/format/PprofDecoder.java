package dev.threadprofiling.threadprof.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal protobuf reader for the parts of {@code profile.proto} that {@link PprofFormat}
 * writes, independent of the encoder, so tests check the bytes rather than the encoder's intent.
 */
final class PprofDecoder {

    record ValueType(String type, String unit) {
    }

    record Sample(List<Long> locationIds, List<Long> values, Map<String, String> labels) {
    }

    record Mapping(long id, String filename, boolean hasFunctions) {
    }

    record Line(long functionId, long line) {
    }

    record Location(long id, long mappingId, List<Line> lines) {
    }

    record Function(long id, String name, String systemName, String filename) {
    }

    record Profile(List<ValueType> sampleTypes, List<Sample> samples, Map<Long, Mapping> mappings,
                   Map<Long, Location> locations, Map<Long, Function> functions, List<String> strings,
                   long timeNanos, ValueType periodType, long period, List<String> comments) {

        /** Function of each location of a sample, innermost first. */
        List<Function> stack(Sample sample) {
            List<Function> stack = new ArrayList<>();
            for (long id : sample.locationIds()) {
                stack.add(functions.get(locations.get(id).lines().get(0).functionId()));
            }
            return stack;
        }

        List<Long> lines(Sample sample) {
            List<Long> lines = new ArrayList<>();
            for (long id : sample.locationIds()) {
                lines.add(locations.get(id).lines().get(0).line());
            }
            return lines;
        }
    }

    private final byte[] bytes;
    private int pos;
    private final int end;

    private PprofDecoder(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.pos = from;
        this.end = to;
    }

    static Profile decode(byte[] bytes) {
        List<String> strings = new ArrayList<>();
        List<long[]> sampleTypes = new ArrayList<>();
        List<RawSample> rawSamples = new ArrayList<>();
        List<long[]> rawMappings = new ArrayList<>();
        List<RawLocation> rawLocations = new ArrayList<>();
        List<long[]> rawFunctions = new ArrayList<>();
        long timeNanos = 0;
        long[] periodType = {0, 0};
        long period = 0;
        List<Long> comments = new ArrayList<>();

        PprofDecoder in = new PprofDecoder(bytes, 0, bytes.length);
        while (in.more()) {
            long tag = in.varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (field) {
                case 1 -> sampleTypes.add(in.sub().valueType());
                case 2 -> rawSamples.add(in.sub().sample());
                case 3 -> rawMappings.add(in.sub().fields(10));
                case 4 -> rawLocations.add(in.sub().location());
                case 5 -> rawFunctions.add(in.sub().fields(5));
                case 6 -> strings.add(in.string());
                case 9 -> timeNanos = in.varint();
                case 11 -> periodType = in.sub().valueType();
                case 12 -> period = in.varint();
                case 13 -> comments.add(in.varint());
                default -> in.skip(wire);
            }
        }

        List<ValueType> types = new ArrayList<>();
        for (long[] t : sampleTypes) {
            types.add(new ValueType(strings.get((int) t[0]), strings.get((int) t[1])));
        }
        List<Sample> samples = new ArrayList<>();
        for (RawSample s : rawSamples) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (long[] label : s.labels) {
                labels.put(strings.get((int) label[0]), label[1] == 0 ? String.valueOf(label[2]) : strings.get((int) label[1]));
            }
            samples.add(new Sample(s.locationIds, s.values, labels));
        }
        Map<Long, Mapping> mappings = new LinkedHashMap<>();
        for (long[] m : rawMappings) {
            mappings.put(m[1], new Mapping(m[1], strings.get((int) m[5]), m[7] == 1));
        }
        Map<Long, Location> locations = new LinkedHashMap<>();
        for (RawLocation l : rawLocations) {
            locations.put(l.id, new Location(l.id, l.mappingId, l.lines));
        }
        Map<Long, Function> functions = new LinkedHashMap<>();
        for (long[] f : rawFunctions) {
            functions.put(f[1], new Function(f[1], strings.get((int) f[2]), strings.get((int) f[3]),
                    strings.get((int) f[4])));
        }
        List<String> commentTexts = new ArrayList<>();
        for (long c : comments) {
            commentTexts.add(strings.get((int) c));
        }
        return new Profile(types, samples, mappings, locations, functions, strings, timeNanos,
                new ValueType(strings.get((int) periodType[0]), strings.get((int) periodType[1])), period,
                commentTexts);
    }

    private record RawSample(List<Long> locationIds, List<Long> values, List<long[]> labels) {
    }

    private record RawLocation(long id, long mappingId, List<Line> lines) {
    }

    private boolean more() {
        return pos < end;
    }

    private long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new IllegalArgumentException("truncated varint at byte " + pos);
            }
            byte b = bytes[pos++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes at byte " + pos);
    }

    private PprofDecoder sub() {
        int length = (int) varint();
        if (length < 0 || pos + length > end) {
            throw new IllegalArgumentException("length " + length + " overruns the message at byte " + pos);
        }
        PprofDecoder sub = new PprofDecoder(bytes, pos, pos + length);
        pos += length;
        return sub;
    }

    private String string() {
        PprofDecoder sub = sub();
        return new String(bytes, sub.pos, sub.end - sub.pos, StandardCharsets.UTF_8);
    }

    private void skip(int wire) {
        switch (wire) {
            case 0 -> varint();
            case 1 -> pos += 8;
            case 2 -> sub();
            case 5 -> pos += 4;
            default -> throw new IllegalArgumentException("unknown wire type " + wire + " at byte " + pos);
        }
    }

    /** Varint fields 1..max of a flat message; index = field number. */
    private long[] fields(int max) {
        long[] values = new long[max + 1];
        while (more()) {
            long tag = varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (wire == 0 && field <= max) {
                values[field] = varint();
            } else {
                skip(wire);
            }
        }
        return values;
    }

    private long[] valueType() {
        long[] f = fields(2);
        return new long[] {f[1], f[2]};
    }

    /** A repeated varint field, packed (wire type 2) or not (wire type 0). */
    private void repeated(int wire, List<Long> into) {
        if (wire == 2) {
            PprofDecoder packed = sub();
            while (packed.more()) {
                into.add(packed.varint());
            }
        } else {
            into.add(varint());
        }
    }

    private RawSample sample() {
        List<Long> ids = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        List<long[]> labels = new ArrayList<>();
        while (more()) {
            long tag = varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (field) {
                case 1 -> repeated(wire, ids);
                case 2 -> repeated(wire, values);
                case 3 -> {
                    long[] label = sub().fields(4);
                    labels.add(new long[] {label[1], label[2], label[3]});
                }
                default -> skip(wire);
            }
        }
        return new RawSample(ids, values, labels);
    }

    private RawLocation location() {
        long id = 0;
        long mappingId = 0;
        List<Line> lines = new ArrayList<>();
        while (more()) {
            long tag = varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (field) {
                case 1 -> id = varint();
                case 2 -> mappingId = varint();
                case 4 -> {
                    long[] line = sub().fields(2);
                    lines.add(new Line(line[1], line[2]));
                }
                default -> skip(wire);
            }
        }
        return new RawLocation(id, mappingId, lines);
    }
}
