package com.streamlens.operators.recs;

import com.streamlens.operators.runtime.Ttl;
import com.streamlens.state.records.GramDelta;
import com.streamlens.state.records.ItemFactor;
import com.streamlens.state.records.ItemStats;
import com.streamlens.state.records.RefreshRequest;
import com.streamlens.state.records.SimilarListings;
import com.streamlens.state.records.UserHistory;
import java.time.Duration;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * State descriptors of the recommendations job. Sizes at k=64: user row 256 B + history ≤ 200 entries
 * (~40 B each with its id); item statistics 8.3 KB; popularity 8 B + id per (site, item).
 */
public final class RecsState {
    private RecsState() {}

    /** A user silent this long starts over (cold, popular lists): an expiry timer clears their state and takes their row out of XᵀX. */
    public static final Duration USER_TTL = Duration.ofDays(30);
    /**
     * User state's TTL is USER_TTL plus this: the expiry timer must still read the row it takes out of XᵀX; the TTL
     * only cleans up after users no timer covers (restored from a savepoint taken before the timer existed).
     */
    public static final Duration USER_TTL_GRACE = Duration.ofDays(1);
    private static final Duration USER_STATE_TTL = USER_TTL.plus(USER_TTL_GRACE);
    /** An item without interactions this long is retired: its expiry timer clears its state and takes it out of every catalogue. */
    public static final Duration ITEM_TTL = Duration.ofDays(90);
    /** Item state's TTL is ITEM_TTL plus this, a safety net behind the expiry timer (as for users). */
    private static final Duration ITEM_STATE_TTL = ITEM_TTL.plus(USER_TTL_GRACE);
    /** A (site, item) popularity entry untouched this long has decayed to nothing. */
    public static final Duration POPULARITY_TTL = Duration.ofDays(30);

    /** Per user: the factor row (k floats); cleared USER_TTL after the last interaction (expiry timer). */
    public static ValueStateDescriptor<float[]> userRow() {
        ValueStateDescriptor<float[]> d = new ValueStateDescriptor<>("user-row", float[].class);
        d.enableTimeToLive(Ttl.afterLastWrite(USER_STATE_TTL));
        return d;
    }

    /** Per user: the bounded recent interactions; cleared USER_TTL after the last interaction (expiry timer). */
    public static ValueStateDescriptor<UserHistory> userHistory() {
        ValueStateDescriptor<UserHistory> d = new ValueStateDescriptor<>("user-history", Types.POJO(UserHistory.class));
        d.enableTimeToLive(Ttl.afterLastWrite(USER_STATE_TTL));
        return d;
    }

    /** Per user: when the pending list refresh fires (absent: none pending); cleared when it fires. */
    public static ValueStateDescriptor<Long> refreshDue() {
        ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("refresh-due", Types.LONG);
        d.enableTimeToLive(Ttl.afterLastWrite(USER_STATE_TTL));
        return d;
    }

    /** Per user: when the list was last refreshed (for coalescing); cleared with the user (expiry timer). */
    public static ValueStateDescriptor<Long> lastRefresh() {
        ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("last-refresh", Types.LONG);
        d.enableTimeToLive(Ttl.afterLastWrite(USER_STATE_TTL));
        return d;
    }

    /** Per user: when their expiry timer fires (USER_TTL after the last interaction, rounded up to the hour); cleared when it does. */
    public static ValueStateDescriptor<Long> userExpiry() {
        ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("user-expiry", Types.LONG);
        d.enableTimeToLive(Ttl.afterLastWrite(USER_STATE_TTL));
        return d;
    }

    /** Per item: accumulated statistics of its row solve; cleared ITEM_TTL after the last interaction (expiry timer). */
    public static ValueStateDescriptor<ItemStats> itemStats() {
        ValueStateDescriptor<ItemStats> d = new ValueStateDescriptor<>("item-stats", Types.POJO(ItemStats.class));
        d.enableTimeToLive(Ttl.afterLastWrite(ITEM_STATE_TTL));
        return d;
    }

    /** Per item: when its expiry timer fires (ITEM_TTL after the last interaction, rounded up to the hour); cleared when it does. */
    public static ValueStateDescriptor<Long> itemExpiry() {
        ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("item-expiry", Types.LONG);
        d.enableTimeToLive(Ttl.afterLastWrite(ITEM_STATE_TTL));
        return d;
    }

    /** Per item: the newest row not yet published (a coalesced burst); cleared when the publish timer sends it. */
    public static ValueStateDescriptor<ItemFactor> unpublishedItemRow() {
        return new ValueStateDescriptor<>("unpublished-item-row", Types.POJO(ItemFactor.class));
    }

    /** Per item: end of the interval in which further rows coalesce; cleared by its timer once nothing is left to send. */
    public static ValueStateDescriptor<Long> itemPublishWindowEnd() {
        return new ValueStateDescriptor<>("item-publish-window-end", Types.LONG);
    }

    /** Broadcast on the user side: every item's latest row (the catalogue; ~300 B per item at k=64). */
    public static MapStateDescriptor<String, ItemFactor> itemFactors() {
        return new MapStateDescriptor<>("item-factors", Types.STRING, Types.POJO(ItemFactor.class));
    }

    /** Broadcast on the item side: the user Gram matrix under key {@link #GRAM_KEY} (k² doubles). */
    public static MapStateDescriptor<String, GramDelta> userGram() {
        return new MapStateDescriptor<>("user-gram", Types.STRING, Types.POJO(GramDelta.class));
    }

    public static final String GRAM_KEY = "gram";

    /**
     * Operator state on the user side, union: refreshes waiting for their scoring batch at a checkpoint. Every subtask
     * sees all on restore and keeps those of the users whose key group it now owns, so after a rescale a user's waiting
     * list is written by the subtask that writes her later lists, in order (from another subtask it could land after a
     * fresher one and overwrite it). An entry lives until its batch is scored.
     */
    public static ListStateDescriptor<RefreshRequest> waitingRefreshes() {
        return new ListStateDescriptor<>("waiting-refreshes", Types.POJO(RefreshRequest.class));
    }

    /**
     * The same as split (round-robin) operator state, as savepoints before 2026-12-07 hold it: read on restore (its
     * entries kept by their users' owners, the others dropped: that user's list waits for her next interaction),
     * written empty.
     */
    public static ListStateDescriptor<RefreshRequest> pendingRefreshes() {
        return new ListStateDescriptor<>("pending-refreshes", Types.POJO(RefreshRequest.class));
    }

    /** Operator state on the user side: the user Gram change not yet sent to the item side. */
    public static ListStateDescriptor<GramDelta> pendingGramDelta() {
        return new ListStateDescriptor<>("pending-gram-delta", Types.POJO(GramDelta.class));
    }

    /**
     * Operator state on the user side, one element per subtask: the similar lists it wrote, so that a retirement after
     * a restore still finds the lists naming the item. Union: after a rescale each subtask keeps the items it now owns;
     * an entry lives as long as its item (removed when the item retires).
     */
    public static ListStateDescriptor<SimilarListings> similarListings() {
        return new ListStateDescriptor<>("similar-listings", Types.POJO(SimilarListings.class));
    }

    /**
     * Operator state on the user side: items whose similar list is due but not yet written at a checkpoint (their rows
     * arrived, and the offsets with them are in the checkpoint). Union, kept by the owner after a rescale; an entry
     * lives until the list is written.
     */
    public static ListStateDescriptor<String> dueSimilarLists() {
        return new ListStateDescriptor<>("due-similar-lists", Types.STRING);
    }

    /** Per site: item → log of its decayed count (see Popularity); entries expire POPULARITY_TTL after their last interaction. */
    public static MapStateDescriptor<String, Double> popularity() {
        MapStateDescriptor<String, Double> d = new MapStateDescriptor<>("popularity", Types.STRING, Types.DOUBLE);
        d.enableTimeToLive(Ttl.afterLastWrite(POPULARITY_TTL));
        return d;
    }

    /**
     * Broadcast on the popular side: retired item → when it retired; an interaction stamped before that (lag, replay)
     * does not bring it back. Entries older than RETIREMENT_MEMORY go in an hourly sweep on a later retirement.
     */
    public static MapStateDescriptor<String, Long> retiredItems() {
        return new MapStateDescriptor<>("retired-items", Types.STRING, Types.LONG);
    }

    public static final Duration RETIREMENT_MEMORY = Duration.ofDays(1);

    /** Per site: whether its periodic popular-list timer is registered. */
    public static ValueStateDescriptor<Long> popularityTimer() {
        ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("popularity-timer", Types.LONG);
        d.enableTimeToLive(Ttl.afterLastWrite(POPULARITY_TTL));
        return d;
    }

    /** On the merge of popular lists: site → its latest list (top items with log scores). */
    public static MapStateDescriptor<String, com.streamlens.state.records.Recommendation> sitePopularLists() {
        MapStateDescriptor<String, com.streamlens.state.records.Recommendation> d = new MapStateDescriptor<>(
                "site-popular-lists", Types.STRING, Types.POJO(com.streamlens.state.records.Recommendation.class));
        d.enableTimeToLive(Ttl.afterLastWrite(POPULARITY_TTL));
        return d;
    }
}
