package dev.threadprofiling.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown page as the doc test sees it: its fenced blocks, each with the {@code <!-- doctest: … -->}
 * directives written just above it, and its relative links.
 */
record MarkdownDoc(Path path, List<Block> blocks, List<Link> links, Set<String> anchors) {

    private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+)\\s*([\\w-]*)\\s*$");
    private static final Pattern DIRECTIVE = Pattern.compile("^\\s*<!--\\s*doctest:(.*?)-->\\s*$");
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w[\\w-]*)(?:=(\"[^\"]*\"|\\S+))?");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*$");

    /**
     * A fenced block.
     *
     * @param language   the info string: {@code console} blocks are run and compared
     * @param lines      the block's lines, without the fences
     * @param line       1-based line of the opening fence
     * @param directives merged {@code doctest:} attributes written above the block
     */
    record Block(String language, List<String> lines, int line, Map<String, String> directives) {

        boolean has(String directive) {
            return directives.containsKey(directive);
        }

        String get(String directive) {
            return directives.get(directive);
        }
    }

    record Link(String target, int line) {
    }

    static MarkdownDoc read(Path path) throws IOException {
        List<String> text = Files.readAllLines(path, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        Map<String, String> pending = new LinkedHashMap<>();
        Set<String> anchors = new HashSet<>();
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i);
            Matcher directive = DIRECTIVE.matcher(line);
            if (directive.matches()) {
                pending.putAll(attributes(directive.group(1)));
                continue;
            }
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                String closing = fence.group(2);
                List<String> body = new ArrayList<>();
                int start = i + 1;
                i++;
                while (i < text.size() && !text.get(i).trim().equals(closing)) {
                    body.add(text.get(i));
                    i++;
                }
                blocks.add(new Block(fence.group(3), body, start, Map.copyOf(pending)));
                pending.clear();
                continue;
            }
            if (!line.isBlank()) {
                pending.clear();
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                anchors.add(anchor(heading.group(1)));
            }
            Matcher link = LINK.matcher(line);
            while (link.find()) {
                links.add(new Link(link.group(1), i + 1));
            }
        }
        return new MarkdownDoc(path, blocks, links, Set.copyOf(anchors));
    }

    /**
     * The anchor GitHub gives a heading: lower case, punctuation dropped (letters of any script,
     * digits, {@code -} and {@code _} kept), spaces turned into {@code -}.
     */
    static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "")
                .replace(' ', '-');
    }

    static Map<String, String> attributes(String text) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(text);
        while (m.find()) {
            String value = m.group(2);
            if (value != null && value.startsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            attributes.put(m.group(1), value == null ? "" : value);
        }
        return attributes;
    }
}
