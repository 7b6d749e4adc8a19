package com.streamlens.operators.abtest;

import com.streamlens.operators.runtime.Ttl;
import com.streamlens.state.records.DailyActivity;
import com.streamlens.state.records.RecentActivity;
import com.streamlens.state.records.UserExposure;
import com.streamlens.state.records.VariantMoments;
import java.time.Duration;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

/** State descriptors of the A/B statistics job, with their TTLs. */
public final class AbState {
    private AbState() {}

    /** Experiments run for weeks; a user untouched this long has left every running one. */
    public static final Duration USER_TTL = Duration.ofDays(45);
    /** An experiment with no change for this long has ended; its moments go. */
    public static final Duration EXPERIMENT_TTL = Duration.ofDays(45);

    /** Per user: experiment → exposure and metric values; each entry expires USER_TTL after its last change. */
    public static MapStateDescriptor<String, UserExposure> exposures() {
        MapStateDescriptor<String, UserExposure> d = new MapStateDescriptor<>("exposures", Types.STRING, Types.POJO(UserExposure.class));
        d.enableTimeToLive(Ttl.afterLastWrite(USER_TTL));
        return d;
    }

    /** How long a user's recent events are kept for an exposure that arrives after them (the option's upper bound). */
    public static final Duration RECENT_ACTIVITY_TTL = Duration.ofDays(1);

    /** Per user: the latest attributable events (≤ 32, ~1 KB) for late exposures; expires a day after the last event. */
    public static ValueStateDescriptor<RecentActivity> recentActivity() {
        ValueStateDescriptor<RecentActivity> d = new ValueStateDescriptor<>("recent-activity", Types.POJO(RecentActivity.class));
        d.enableTimeToLive(Ttl.afterLastWrite(RECENT_ACTIVITY_TTL));
        return d;
    }

    /** Per user: 14 daily page-view counters (56 bytes); expires USER_TTL after the last page view. */
    public static ValueStateDescriptor<DailyActivity> activity() {
        ValueStateDescriptor<DailyActivity> d = new ValueStateDescriptor<>("daily-activity", Types.POJO(DailyActivity.class));
        d.enableTimeToLive(Ttl.afterLastWrite(USER_TTL));
        return d;
    }

    /** Per experiment: variant → running moments; expires EXPERIMENT_TTL after the last change. */
    public static MapStateDescriptor<String, VariantMoments> variantMoments() {
        MapStateDescriptor<String, VariantMoments> d = new MapStateDescriptor<>("variant-moments", Types.STRING, Types.POJO(VariantMoments.class));
        d.enableTimeToLive(Ttl.afterLastWrite(EXPERIMENT_TTL));
        return d;
    }

    /** Per experiment: "variant|metric" → lowest sequential p-value so far (the always-valid p); same TTL. */
    public static MapStateDescriptor<String, Double> minSeqP() {
        MapStateDescriptor<String, Double> d = new MapStateDescriptor<>("min-seq-p", Types.STRING, Types.DOUBLE);
        d.enableTimeToLive(Ttl.afterLastWrite(EXPERIMENT_TTL));
        return d;
    }

    /**
     * Per experiment: "variant|metric" → running intersection {low, high} of the confidence sequence (the always-valid
     * interval); same TTL. Added 2026-12-07: a savepoint from before restores with it empty (intervals start over).
     */
    public static MapStateDescriptor<String, double[]> seqBounds() {
        MapStateDescriptor<String, double[]> d = new MapStateDescriptor<>("seq-bounds", Types.STRING,
                PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO);
        d.enableTimeToLive(Ttl.afterLastWrite(EXPERIMENT_TTL));
        return d;
    }

    /** Per experiment: the pending emission timer (one at a time); cleared when it fires. */
    public static ValueStateDescriptor<Long> nextEmit() {
        return new ValueStateDescriptor<>("next-emit", Types.LONG);
    }
}
