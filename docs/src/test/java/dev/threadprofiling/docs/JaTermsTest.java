package dev.threadprofiling.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code docs/ja} page follows {@code docs/ja/terms.md} (用語・表記): the variant spellings it
 * lists stay out of the prose. Fenced code, inline code, headings' colons and HTML comments are not prose.
 */
class JaTermsTest {

    static final String TERMS_PAGE = "terms.md";
    private static final String JAPANESE = "[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}）」]";

    /** A variant spelling, and what {@code terms.md} writes instead. */
    static final Map<Pattern, String> VARIANTS = new LinkedHashMap<>();

    static {
        VARIANTS.put(Pattern.compile("ハンドラ(?!ー)"), "ハンドラー");
        VARIANTS.put(Pattern.compile("パラメータ(?!ー)"), "パラメーター");
        VARIANTS.put(Pattern.compile("コンパイラ(?!ー)"), "コンパイラー");
        VARIANTS.put(Pattern.compile("サーバ(?!ー)"), "サーバー");
        VARIANTS.put(Pattern.compile("ユーザ(?!ー)"), "ユーザー");
        VARIANTS.put(Pattern.compile("分か[らりるれろっ]"), "わかる");
        VARIANTS.put(Pattern.compile("(?:Java|JDK|Go|go) ?[\\d.]+ ?以上|[(（](?:1[7-9]|2\\d) ?以上"), "「以降」(例: Java 21 以降)");
        VARIANTS.put(Pattern.compile("(?:Java|JDK) ?[\\d.]+以降"), "数字と「以降」の間を空ける(例: Java 21 以降)");
        VARIANTS.put(Pattern.compile("\\*\\*確認ポイント\\*\\* ?[:：]"), "**確認ポイント:**");
        VARIANTS.put(Pattern.compile("あなたの番"), "やってみよう");
        VARIANTS.put(Pattern.compile("つまみ"), "設定、オプション");
        VARIANTS.put(Pattern.compile("唯一のロック"), "1つしかないロック");
        VARIANTS.put(Pattern.compile("だけでは半分"), "キャンセルだけでは足りず");
        VARIANTS.put(Pattern.compile(JAPANESE + "\\**:"), "「、」「。」(文の途中に英語のコロンを置かない)");
    }

    /** A bold label at the start of a line ({@code **うまくいかないとき:**}) may end in a colon. */
    private static final Pattern LABEL = Pattern.compile("^\\s*(?:[-*] |\\d+\\. )?\\*\\*[^*]+:\\*\\*");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

    /** The problems in one page's lines: {@code line: found "x", write y}. */
    static List<String> problems(List<String> lines) {
        List<String> problems = new ArrayList<>();
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced || line.startsWith("#") || line.strip().startsWith("<!--")) {
                continue;
            }
            String prose = LABEL.matcher(INLINE_CODE.matcher(line).replaceAll("``")).replaceFirst("");
            for (Map.Entry<Pattern, String> variant : VARIANTS.entrySet()) {
                Matcher m = variant.getKey().matcher(prose);
                while (m.find()) {
                    problems.add((i + 1) + ": \"" + m.group() + "\", write " + variant.getValue());
                }
            }
        }
        return problems;
    }

    @Test
    void everyJapanesePageFollowsTheTermsPage() throws IOException {
        Path ja = DocsTest.ROOT.resolve("docs/ja");
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(ja)) {
            for (Path page : files.filter(p -> p.toString().endsWith(".md") && !p.endsWith(TERMS_PAGE)).sorted()
                    .collect(Collectors.toList())) {
                problems(Files.readAllLines(page, StandardCharsets.UTF_8))
                        .forEach(problem -> problems.add(DocsTest.ROOT.relativize(page) + ":" + problem));
            }
        }
        assertEquals(List.of(), problems, "variant spellings (see docs/ja/" + TERMS_PAGE + ")");
    }

    @Test
    void eachVariantIsFoundAndEachPreferredSpellingPasses() {
        List<String> variants = List.of("ハンドラを", "パラメータを", "コンパイラが", "サーバを", "ユーザが", "分かります",
                "Java 21以上では", "(21以上)", "Java 21以降では", "**確認ポイント**: 見る", "あなたの番", "つまみ", "唯一のロック",
                "キャンセルするだけでは半分で", "読み方: 回数");
        for (String variant : variants) {
            assertFalse(problems(List.of(variant)).isEmpty(), variant);
        }
        List<String> preferred = List.of("ハンドラーを", "パラメーターを", "コンパイラーが", "サーバーを", "ユーザーが", "わかります",
                "Java 21 以降では", "しきい値以上", "**確認ポイント:** 見る", "**うまくいかないとき:** 数値", "### ステップ1: 起動",
                "`a: b`の後", "x: y");
        assertEquals(List.of(), problems(preferred));
    }
}
