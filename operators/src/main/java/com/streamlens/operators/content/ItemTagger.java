package com.streamlens.operators.content;

import java.util.List;

/**
 * An item's tag vector from its text (title, h1, name, description, category path): w_t = (1 + ln tf_t) · idf_t over the
 * analysed tags, tags in more than {@code maxShare} of the items dropped, the {@code maxTags} heaviest kept, L2-normalised.
 * Document frequencies are counted as items are first seen ({@link DocumentFrequencies}).
 */
public final class ItemTagger {
    private final TagAnalyzer analyzer;
    private final DocumentFrequencies frequencies;
    private final double maxShare;
    private final int maxTags;

    public ItemTagger(TagAnalyzer analyzer, DocumentFrequencies frequencies, double maxShare, int maxTags) {
        if (!(maxShare > 0 && maxShare <= 1)) throw new IllegalArgumentException("maxShare must be in (0, 1], got " + maxShare);
        if (maxTags < 1) throw new IllegalArgumentException("maxTags must be ≥ 1, got " + maxTags);
        this.analyzer = analyzer;
        this.frequencies = frequencies;
        this.maxShare = maxShare;
        this.maxTags = maxTags;
    }

    public TagAnalyzer analyzer() {
        return analyzer;
    }

    public DocumentFrequencies frequencies() {
        return frequencies;
    }

    /** Counts a newly seen item's tags into the document frequencies. */
    public void countItem(List<String> tags) {
        frequencies.addItem(tags);
    }

    /** The vector of already analysed tags (a title's handful: counted by linear scan, no maps). */
    public TagVector vector(List<String> tags) {
        int n = tags.size();
        String[] distinct = new String[n];
        int[] tf = new int[n];
        int d = 0;
        for (String t : tags) {
            int at = 0;
            while (at < d && !distinct[at].equals(t)) at++;
            if (at == d) distinct[d++] = t;
            tf[at]++;
        }
        String[] kept = new String[d];
        double[] w = new double[d];
        int k = 0;
        for (int i = 0; i < d; i++) {
            long df = frequencies.estimate(distinct[i]);
            if (frequencies.tooCommon(df, maxShare)) continue;
            kept[k] = distinct[i];
            w[k++] = (1 + Math.log(tf[i])) * frequencies.idf(df);
        }
        return TagVector.top(kept, w, k, maxTags);
    }

    public TagVector vector(String text) {
        return vector(analyzer.tags(text));
    }
}
