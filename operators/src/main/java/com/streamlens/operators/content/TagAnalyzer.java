package com.streamlens.operators.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ConditionalTokenFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.RussianStemmer;

/**
 * Turns a title, h1 or product name into tags, with Lucene's analysis chain: ё→е (on the string), tokens that keep sizes and model
 * numbers whole ("205/55", "r16", "15", "2.5"), lower case, Russian and English stop words, then Snowball stemming
 * chosen per token by its script (Russian for Cyrillic words, English for Latin ones; tokens with digits unstemmed),
 * and finally the site's "special" words (its own name, "купить"/"buy", "цена"/"price"), compared as stems.
 * Not thread-safe in the sense of Lucene's analyzers: one instance per operator subtask (it reuses its token streams).
 */
public final class TagAnalyzer {
    /** A word (letters and digits) optionally continued by "/digits", ".digits" or ",digits": sizes and decimals stay one token. */
    static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:[/.,][\\p{N}]+)*");
    /** The special words every store shares (the seeds' examples); a site adds its name and more. */
    public static final List<String> COMMON_SPECIAL_WORDS = List.of("купить", "куплю", "цена", "цены", "недорого", "заказать",
            "доставка", "интернет", "магазин", "лучший", "скидка", "акция", "buy", "price", "cheap", "order", "shop", "store", "online",
            "sale", "best", "discount", "deal");

    private final Analyzer analyzer = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer tokenizer = new PatternTokenizer(TOKEN, 0);
            TokenStream s = new LowerCaseFilter(tokenizer);
            s = new StopFilter(s, STOP_WORDS);
            s = new ScriptFilter(s, Script.CYRILLIC, in -> new SnowballFilter(in, new RussianStemmer()));
            s = new ScriptFilter(s, Script.LATIN, in -> new SnowballFilter(in, new EnglishStemmer()));
            s = new LengthFilter(s, 2, 40); // single letters carry nothing; very long runs are noise (URLs, hashes)
            return new TokenStreamComponents(tokenizer, s);
        }
    };

    private final Set<String> specialStems;

    /** An analyzer dropping {@link #COMMON_SPECIAL_WORDS} and the site's own {@code specialWords} (any form; compared stemmed). */
    public TagAnalyzer(List<String> specialWords) {
        List<String> stems = new ArrayList<>();
        for (String w : COMMON_SPECIAL_WORDS) stems.addAll(stems(w));
        for (String w : specialWords) stems.addAll(stems(w));
        this.specialStems = Set.copyOf(stems);
    }

    public TagAnalyzer() {
        this(List.of());
    }

    /** The text's tags in order, repeats kept (term frequency is the caller's). */
    public List<String> tags(String text) {
        List<String> out = stems(text);
        out.removeIf(specialStems::contains);
        return out;
    }

    private List<String> stems(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) return out;
        // ё → е before the chain: one pass over the string (a MappingCharFilter looked up every character in a map).
        try (TokenStream ts = analyzer.tokenStream("text", text.replace('ё', 'е').replace('Ё', 'Е'))) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) out.add(term.toString());
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing a string cannot fail", e);
        }
        return out;
    }

    private static final CharArraySet STOP_WORDS;

    static {
        CharArraySet all = new CharArraySet(RussianAnalyzer.getDefaultStopSet(), false);
        all.addAll(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        all.addAll(List.of("для", "из", "на", "от", "по", "со", "с", "и", "в", "к", "у", "о", "за", "при"));
        STOP_WORDS = CharArraySet.unmodifiableSet(all);
    }

    enum Script { CYRILLIC, LATIN }

    /** Applies its stemmer only to tokens written wholly in one script, without digits. */
    private static final class ScriptFilter extends ConditionalTokenFilter {
        private final Script script;
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

        ScriptFilter(TokenStream input, Script script, java.util.function.Function<TokenStream, TokenStream> stemmer) {
            super(input, stemmer);
            this.script = script;
        }

        @Override
        protected boolean shouldFilter() {
            char[] b = term.buffer();
            int n = term.length();
            if (n == 0) return false;
            for (int i = 0; i < n; i++) {
                char c = b[i];
                boolean ok = script == Script.CYRILLIC ? (c >= '\u0400' && c <= '\u04FF') // the Cyrillic block
                        : (c >= 'a' && c <= 'z');
                if (!ok) return false;
            }
            return true;
        }
    }
}
