package com.streamlens.operators.content;

import com.streamlens.operators.recs.Interaction;
import com.streamlens.operators.recs.als.ReplayModels;
import com.streamlens.operators.recs.als.ScoredItems;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The content and hybrid recommenders in {@code scripts/eval-recs}' replay, built from the same classes the job uses:
 * item vectors from the catalogue text ({@link ItemTagger}; document frequencies over the whole catalogue, known up
 * front as the {@code items} topic makes it), tags joining an item's text only from their timestamp on, a decayed
 * {@link TagProfile} per user fed by every interaction, the {@link ContentIndex} and the {@link HybridBlend}.
 */
public final class ContentReplay implements ReplayModels {
    /** The blend ranks the union of this many iALS and content candidates. */
    static final int CANDIDATES = 50;

    private final ContentSettings settings;
    private final ItemTagger tagger;
    private final ContentIndex index = new ContentIndex();
    private final Map<String, List<String>> itemTags = new HashMap<>();
    private final List<MovieLensCatalogue.TimedTag> tags;
    private int nextTag;
    private final Map<String, TagProfile> profiles = new HashMap<>();
    private final HybridBlend blend;

    public ContentReplay(Map<String, String> itemTexts, List<MovieLensCatalogue.TimedTag> tags, ContentSettings settings) {
        this.settings = settings;
        this.tagger = new ItemTagger(new TagAnalyzer(), new DocumentFrequencies(8192), settings.maxShare(), settings.itemTags());
        this.tags = tags;
        this.blend = new HybridBlend(settings.userHalf(), settings.itemHalf(), settings.contentWeight());
        for (Map.Entry<String, String> e : itemTexts.entrySet()) {
            List<String> t = tagger.analyzer().tags(e.getValue());
            itemTags.put(e.getKey(), new ArrayList<>(t));
            tagger.countItem(t);
        }
        for (Map.Entry<String, List<String>> e : itemTags.entrySet()) index.put(e.getKey(), tagger.vector(e.getValue()));
    }

    @Override
    public List<String> names() {
        return List.of("content", "hybrid");
    }

    /** Lets every tag stamped before {@code ts} into its item's text. */
    private void tagsBefore(long ts) {
        while (nextTag < tags.size() && tags.get(nextTag).ts() < ts) {
            MovieLensCatalogue.TimedTag t = tags.get(nextTag++);
            List<String> words = itemTags.get(t.itemId());
            if (words == null) continue; // a tag of an item outside the catalogue
            words.addAll(tagger.analyzer().tags(t.tag()));
            index.put(t.itemId(), tagger.vector(words));
        }
    }

    @Override
    public void learn(Interaction e) {
        tagsBefore(e.ts);
        TagVector item = index.vector(e.itemId);
        if (item == null) return;
        profiles.computeIfAbsent(e.userId, u -> new TagProfile())
                .add(item, e.confidence, e.ts, settings.halfLifeMs(), settings.profileTags());
    }

    @Override
    public List<ScoredItems> rank(Interaction e, IalsView als, Set<String> excluded, int n) {
        tagsBefore(e.ts);
        TagProfile profile = profiles.get(e.userId);
        TagVector p = profile == null ? TagVector.EMPTY : profile.vector(e.ts, settings.halfLifeMs());
        ScoredItems content = index.topN(p, excluded::contains, CANDIDATES);
        ScoredItems hybrid = blend.blend(als.top(), content, als.historyLength(), new HybridBlend.Scores() {
            @Override
            public double als(String item) {
                return als.score(item);
            }

            @Override
            public double content(String item) {
                TagVector v = index.vector(item);
                return v == null ? 0 : TagVector.cosine(p, v);
            }

            @Override
            public double support(String item) {
                return als.support(item);
            }
        }, n);
        return List.of(head(content, n), hybrid);
    }

    private static ScoredItems head(ScoredItems s, int n) {
        if (s.size() <= n) return s;
        return new ScoredItems(java.util.Arrays.copyOf(s.ids(), n), java.util.Arrays.copyOf(s.scores(), n));
    }
}
