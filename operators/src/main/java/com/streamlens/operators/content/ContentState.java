package com.streamlens.operators.content;

import com.streamlens.operators.runtime.Ttl;
import com.streamlens.state.records.ContentProfile;
import com.streamlens.state.records.ItemTags;
import com.streamlens.state.records.Recommendation;
import java.time.Duration;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/** The content job's state; each descriptor says what bounds it. */
public final class ContentState {
    /** An item unseen this long leaves its site's text hashes (it is re-tagged if it comes back). */
    public static final Duration ITEM_TTL = Duration.ofDays(90);

    private ContentState() {}

    /** Per site: the document-frequency sketch (fixed size, ~100 KB) and its item count. */
    public static ValueStateDescriptor<byte[]> siteFrequencies() {
        return new ValueStateDescriptor<>("content-site-df", org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    /** A buyer's purchase count of an item is kept this long after their last purchase of it. */
    public static final Duration PURCHASE_TTL = Duration.ofDays(365);

    /** Per site: item → its tags, text hash and buyers; an entry expires ITEM_TTL after its last write (~0.5 KB each). */
    public static MapStateDescriptor<String, ItemTags> siteItems() {
        MapStateDescriptor<String, ItemTags> d = new MapStateDescriptor<>("content-site-items", Types.STRING, Types.POJO(ItemTags.class));
        d.enableTimeToLive(Ttl.afterLastWrite(ITEM_TTL));
        return d;
    }

    /** Per site: "user␀item" → how often the buyer bought the item; an entry expires PURCHASE_TTL after its last write. */
    public static MapStateDescriptor<String, Integer> purchases() {
        MapStateDescriptor<String, Integer> d = new MapStateDescriptor<>("content-purchases", Types.STRING, Types.INT);
        d.enableTimeToLive(Ttl.afterLastWrite(PURCHASE_TTL));
        return d;
    }

    /** Broadcast: item → its tag vector, on every profile subtask (the catalogue: ~30 tags per item). */
    public static MapStateDescriptor<String, ItemTags> itemTags() {
        return new MapStateDescriptor<>("content-item-tags", Types.STRING, Types.POJO(ItemTags.class));
    }

    /** Per user: the profile; expires {@code ttl} after its last write (the job's --profile-ttl-days, default 90). */
    public static ValueStateDescriptor<ContentProfile> profile(Duration ttl) {
        ValueStateDescriptor<ContentProfile> d = new ValueStateDescriptor<>("content-profile", Types.POJO(ContentProfile.class));
        d.enableTimeToLive(Ttl.afterLastWrite(ttl));
        return d;
    }

    /** The default-TTL profile descriptor (for the savepoint check). */
    public static ValueStateDescriptor<ContentProfile> profile() {
        return profile(Duration.ofDays(90));
    }

    /** Per user: their latest iALS list (read back from the recommendations topic) for the hybrid; expires with the profile. */
    public static ValueStateDescriptor<Recommendation> alsList(Duration ttl) {
        ValueStateDescriptor<Recommendation> d = new ValueStateDescriptor<>("content-als-list", Types.POJO(Recommendation.class));
        d.enableTimeToLive(Ttl.afterLastWrite(ttl));
        return d;
    }

    /** The default-TTL iALS list descriptor (for the savepoint check). */
    public static ValueStateDescriptor<Recommendation> alsList() {
        return alsList(Duration.ofDays(90));
    }

    /** Per user: when the pending list refresh fires (absent: none pending); cleared when it fires. */
    public static ValueStateDescriptor<Long> refreshDue() {
        ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("content-refresh-due", Types.LONG);
        d.enableTimeToLive(Ttl.afterLastWrite(Duration.ofDays(1)));
        return d;
    }
}
