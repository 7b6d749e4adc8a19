package com.streamlens.operators.content;

import com.streamlens.state.records.ContentProfile;
import com.streamlens.state.records.ItemTags;
import com.streamlens.operators.recs.als.ScoredItems;
import com.streamlens.state.records.Recommendation;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per visitor: keeps the content profile ({@link TagProfile} over a {@link ContentProfile} in keyed state) and writes
 * their content list. Item vectors arrive as broadcast state and fill a {@link ContentIndex} on each subtask (rebuilt
 * from the broadcast state after a restore). An interaction adds the item's vector at its strength (view < cart <
 * purchase); an item not tagged yet counts by its page's own text with uniform weights, so a first visit is never lost
 * to the race with the item side. A list is rewritten {@code refreshDelayMs} after the interaction that asks for it, so
 * a burst of clicks makes one list; it leaves out the visitor's recent and bought items, except bought items that are
 * replenishable (the item side's verdict, {@link ItemTags#replenishable}), which come back even when recent. Lists go out as
 * {@link Recommendation}s of kind {@code content}, the profile beside them (side output) as kind {@code profile}; an item's
 * tags, when they arrive or change, also make its similar-by-content list (kind {@code similar-content}).
 */
public class UpdateContentProfiles extends KeyedBroadcastProcessFunction<String, ContentEvent, ItemTags, Recommendation> {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateContentProfiles.class);
    public static final OutputTag<Recommendation> PROFILES = new OutputTag<>("profiles", TypeInformation.of(Recommendation.class)) {};

    private final ContentJobSettings settings;
    private transient ValueState<ContentProfile> profiles;
    private transient ValueState<Long> refreshDue;
    private transient ValueState<Recommendation> alsLists;
    private transient HybridBlend blend;
    private transient ContentIndex index;
    private transient Set<String> replenishable;
    private transient ItemTagger provisional;
    private transient Counter lists;
    private transient Counter untagged;
    private transient Counter arrivalsPushed;

    public UpdateContentProfiles(ContentJobSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext ctx) {
        profiles = getRuntimeContext().getState(ContentState.profile(Duration.ofMillis(settings.profileTtlMs())));
        refreshDue = getRuntimeContext().getState(ContentState.refreshDue());
        alsLists = getRuntimeContext().getState(ContentState.alsList(Duration.ofMillis(settings.profileTtlMs())));
        blend = new HybridBlend(settings.model().userHalf(), settings.model().itemHalf(), settings.model().contentWeight());
        // Uniform weights for a page whose item is not tagged yet: no document frequencies behind it.
        provisional = new ItemTagger(new TagAnalyzer(settings.specialWords()), new DocumentFrequencies(16),
                settings.model().maxShare(), settings.model().itemTags());
        lists = getRuntimeContext().getMetricGroup().counter("contentLists");
        untagged = getRuntimeContext().getMetricGroup().counter("untaggedItemInteractions");
        arrivalsPushed = getRuntimeContext().getMetricGroup().counter("arrivalListsPushed");
        getRuntimeContext().getMetricGroup().gauge("catalogueItems", () -> index == null ? 0 : index.size());
    }

    @Override
    public void processElement(ContentEvent e, ReadOnlyContext ctx, Collector<Recommendation> out) throws Exception {
        if (e.kind == ContentEvent.ALS_LIST) {
            alsLists.update(new Recommendation(Recommendation.USER, e.userId, e.alsItems, e.alsScores, 0, e.ts));
            scheduleRefresh(ctx);
            return;
        }
        ContentIndex items = index(ctx.getBroadcastState(ContentState.itemTags()));
        TagVector vector = items.vector(e.itemId);
        if (vector == null && e.text != null) {
            vector = provisional.vector(e.text);
            untagged.inc();
        }
        ContentProfile state = profiles.value();
        if (state == null) state = new ContentProfile();
        if (vector != null && vector.size() > 0) {
            new TagProfile(state).add(vector, settings.strength(e.kind), e.ts, settings.model().halfLifeMs(), settings.model().profileTags());
        } else if (e.ts > state.asOf) {
            state.asOf = e.ts;
        }
        state.recentItems = appendBounded(state.recentItems, e.itemId, settings.recentItems());
        state.interactions++;
        if (e.kind == ContentEvent.PURCHASE) state.boughtItems = appendBounded(state.boughtItems, e.itemId, settings.recentItems());
        profiles.update(state);
        scheduleRefresh(ctx);
    }

    /** One refresh per burst: the first request registers it, later ones until it fires ride along. */
    private void scheduleRefresh(ReadOnlyContext ctx) throws Exception {
        if (refreshDue.value() == null) {
            long due = ctx.timerService().currentProcessingTime() + settings.refreshDelayMs();
            ctx.timerService().registerProcessingTimeTimer(due);
            refreshDue.update(due);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Recommendation> out) throws Exception {
        Long due = refreshDue.value();
        if (due == null || due != timestamp) return; // a timer of a key whose refresh state expired or moved
        refreshDue.clear();
        ContentProfile state = profiles.value();
        Recommendation als = alsLists.value();
        if (state == null && als == null) return;
        if (state == null) state = new ContentProfile();
        ContentIndex items = index(ctx.getBroadcastState(ContentState.itemTags()));
        TagVector profile = new TagProfile(state).vector(state.asOf, settings.model().halfLifeMs());
        Set<String> excluded = excludedFor(state);
        ScoredItems candidates = items.topN(profile, excluded::contains, Math.max(settings.topN(), HYBRID_CANDIDATES));
        String user = ctx.getCurrentKey();
        if (state.tags.length > 0) {
            ScoredItems top = new ScoredItems(head(candidates.ids(), settings.topN()), head(candidates.scores(), settings.topN()));
            state.listFloor = floor(top);
            profiles.update(state);
            out.collect(new Recommendation(Recommendation.CONTENT, user, top.ids(), top.scores(), items.size(), timestamp));
            ctx.output(PROFILES, new Recommendation(Recommendation.PROFILE, user, profile.tags(), profile.weights(), items.size(), timestamp));
        }
        if (als != null) {
            ScoredItems hybrid = hybrid(als, candidates, profile, excluded, state.interactions, items);
            out.collect(new Recommendation(Recommendation.HYBRID, user, hybrid.ids(), hybrid.scores(), items.size(), timestamp));
        }
        lists.inc();
    }

    /** The blend's candidates from each side. */
    static final int HYBRID_CANDIDATES = 50;

    /**
     * The visitor's iALS list (its scores; items left out here stay out) blended with their content candidates
     * ({@link HybridBlend}); n_u is the number of interactions the profile has seen. An item off the iALS list has no
     * iALS score here and counts as content only.
     */
    private ScoredItems hybrid(Recommendation als, ScoredItems content, TagVector profile, Set<String> excluded, long history,
                               ContentIndex items) {
        Map<String, Float> alsScore = new java.util.HashMap<>();
        List<String> alsIds = new java.util.ArrayList<>();
        List<Float> alsScores = new java.util.ArrayList<>();
        for (int i = 0; i < als.items.length; i++) {
            if (excluded.contains(als.items[i])) continue;
            alsScore.put(als.items[i], als.scores[i]);
            alsIds.add(als.items[i]);
            alsScores.add(als.scores[i]);
        }
        float[] s = new float[alsScores.size()];
        for (int i = 0; i < s.length; i++) s[i] = alsScores.get(i);
        ScoredItems alsList = new ScoredItems(alsIds.toArray(new String[0]), s);
        return blend.blend(alsList, content, history, new HybridBlend.Scores() {
            @Override
            public double als(String item) {
                Float v = alsScore.get(item);
                return v == null ? Double.NaN : v;
            }

            @Override
            public double content(String item) {
                TagVector v = items.vector(item);
                return v == null ? 0 : TagVector.cosine(profile, v);
            }

            @Override
            public double support(String item) {
                return alsScore.containsKey(item) ? Double.MAX_VALUE : 0; // on the iALS list: a warm item
            }
        }, settings.topN());
    }

    private static String[] head(String[] a, int n) {
        return a.length <= n ? a : Arrays.copyOf(a, n);
    }

    private static float[] head(float[] a, int n) {
        return a.length <= n ? a : Arrays.copyOf(a, n);
    }

    @Override
    public void processBroadcastElement(ItemTags t, Context ctx, Collector<Recommendation> out) throws Exception {
        BroadcastState<String, ItemTags> state = ctx.getBroadcastState(ContentState.itemTags());
        ContentIndex items = index(state);
        boolean arrival = t.announced && t.available && t.tags.length > 0 && !state.contains(t.itemId);
        state.put(t.itemId, t);
        items.put(t.itemId, t.available ? new TagVector(t.tags, t.weights) : TagVector.EMPTY);
        if (t.replenishable) replenishable.add(t.itemId);
        else replenishable.remove(t.itemId);
        // Every subtask holds the catalogue; the one the item hashes to writes its similar-by-content list.
        var task = getRuntimeContext().getTaskInfo();
        if (t.available && t.tags.length > 0
                && Math.floorMod(t.itemId.hashCode(), task.getNumberOfParallelSubtasks()) == task.getIndexOfThisSubtask()) {
            ScoredItems similar = items.similar(t.itemId, settings.topN());
            out.collect(new Recommendation(Recommendation.SIMILAR_CONTENT, t.itemId, similar.ids(), similar.scores(), items.size(), t.ts));
        }
        if (arrival) pushArrival(t, ctx, out);
    }

    /**
     * A new arrival the store announced goes to the visitors it matches now, not at their next click: every profile on this
     * subtask is read once (new arrivals are rare; pages discovered by visits are not pushed), and a visitor whose last
     * list it would enter (cosine above that list's lowest score) gets a fresh content list at once.
     */
    private void pushArrival(ItemTags t, Context ctx, Collector<Recommendation> out) throws Exception {
        TagVector item = new TagVector(t.tags, t.weights);
        ContentIndex items = index;
        long now = ctx.currentProcessingTime();
        int[] pushed = {0};
        ctx.applyToKeyedState(ContentState.profile(Duration.ofMillis(settings.profileTtlMs())), (user, profileState) -> {
            ContentProfile p = profileState.value();
            if (p == null || p.tags.length == 0) return;
            TagVector profile = new TagProfile(p).vector(p.asOf, settings.model().halfLifeMs());
            if (TagVector.cosine(profile, item) <= p.listFloor) return;
            ScoredItems top = items.topN(profile, excludedFor(p)::contains, settings.topN());
            p.listFloor = floor(top);
            profileState.update(p);
            out.collect(new Recommendation(Recommendation.CONTENT, user, top.ids(), top.scores(), items.size(), now));
            pushed[0]++;
        });
        arrivalsPushed.inc(pushed[0]);
        LOG.debug("new arrival {} pushed to {} visitors", t.itemId, pushed[0]);
    }

    /** A visitor's recent and bought items, less the replenishable ones bought. */
    private Set<String> excludedFor(ContentProfile state) {
        Set<String> excluded = new HashSet<>(Arrays.asList(state.recentItems));
        for (String bought : state.boughtItems) {
            if (!replenishable.contains(bought)) excluded.add(bought); // milk is offered again, a TV set is not
            else excluded.remove(bought);
        }
        return excluded;
    }

    /** The lowest score on a list of {@code topN}, 0 when it is shorter (anything would enter it). */
    private float floor(ScoredItems top) {
        return top.size() < settings.topN() ? 0f : top.scores()[top.size() - 1];
    }

    /** The index, built from broadcast state on first use (after a restore the state is all there is). */
    private ContentIndex index(ReadOnlyBroadcastState<String, ItemTags> state) throws Exception {
        if (index == null) {
            index = new ContentIndex();
            replenishable = new HashSet<>();
            for (Map.Entry<String, ItemTags> e : state.immutableEntries()) {
                index.put(e.getKey(), e.getValue().available ? new TagVector(e.getValue().tags, e.getValue().weights) : TagVector.EMPTY);
                if (e.getValue().replenishable) replenishable.add(e.getKey());
            }
            LOG.info("content index built from broadcast state: {} items", index.size());
        }
        return index;
    }

    /** {@code items} with {@code item} moved or added to the end, the oldest dropped beyond {@code max}. */
    static String[] appendBounded(String[] items, String item, int max) {
        List<String> out = new java.util.ArrayList<>(Arrays.asList(items));
        out.remove(item);
        out.add(item);
        while (out.size() > max) out.remove(0);
        return out.toArray(new String[0]);
    }
}
