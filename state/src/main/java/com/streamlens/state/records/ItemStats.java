package com.streamlens.state.records;

/**
 * An item's accumulated interaction statistics for its row solve: A = Σ c·x xᵀ (upper triangle packed,
 * k(k+1)/2 floats: 8.3 KB at k=64), b = Σ c·x (k floats) and support Σ c. Flink POJO in keyed RocksDB state.
 */
public class ItemStats {
    public float[] a;
    public float[] b;
    public double support;

    public ItemStats() {}

    public ItemStats(float[] a, float[] b, double support) {
        this.a = a;
        this.b = b;
        this.support = support;
    }
}
