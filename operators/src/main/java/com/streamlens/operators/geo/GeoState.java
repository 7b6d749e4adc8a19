package com.streamlens.operators.geo;

import com.streamlens.operators.runtime.Ttl;
import com.streamlens.state.records.TimingRing;
import java.time.Duration;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;

/** State descriptors of the geo job's keyed operators, with their TTLs (one place, so savepoints keep matching). */
public final class GeoState {
    private GeoState() {}

    /** A site silent this long loses its speed ring; its Redis key expires on its own TTL. */
    public static final Duration SITE_RING_TTL = Duration.ofDays(7);

    /** Batches of timings of a site that arrived since the last refresh; cleared at every refresh (≤ one period of data). */
    public static ListStateDescriptor<int[]> pendingTimings() {
        ListStateDescriptor<int[]> d = new ListStateDescriptor<>("pending-timing-batches",
                PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO);
        d.enableTimeToLive(Ttl.afterLastWrite(SITE_RING_TTL));
        return d;
    }

    /** The site's last N timings; expires SITE_RING_TTL after its last refresh. */
    public static ValueStateDescriptor<TimingRing> timingRing() {
        ValueStateDescriptor<TimingRing> d = new ValueStateDescriptor<>("timing-ring", TimingRing.class);
        d.enableTimeToLive(Ttl.afterLastWrite(SITE_RING_TTL));
        return d;
    }
}
