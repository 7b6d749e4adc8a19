package com.streamlens.operators.runtime;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;

/** The product's one TTL policy: expire after the last write, never serve expired values, clean up in RocksDB compaction. */
public final class Ttl {
    private Ttl() {}

    public static StateTtlConfig afterLastWrite(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupInRocksdbCompactFilter(1000)
                .build();
    }
}
