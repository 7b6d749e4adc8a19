package com.streamlens.operators.recs.als;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Exact top-N over the whole catalog: a micro-batch of query rows Q (B×k) is scored against every item row
 * in one ND4J GEMM, S = Q·Yᵀ (B×n), then each row of S is reduced to its N best with a bounded min-heap.
 * The item matrix lives in an off-heap mirror of {@link ItemFactorTable} that is refreshed row by row, only
 * where rows changed since the last batch. Cost per batch: 2·B·n·k flops + n·B comparisons; at 100k items
 * and k=64 this is compute-bound GEMM (see scripts/bench-recs). Beyond ~1M items use candidate retrieval
 * (e.g. an ANN index on the item rows) and rescore; README says more.
 */
public final class TopNScorer {
    private final ItemFactorTable table;
    private final int k;
    private INDArray mirror;
    private int mirrorRows;
    private INDArray scores;
    private float[] rowBuffer = new float[0];

    public TopNScorer(ItemFactorTable table) {
        this.table = table;
        this.k = table.k();
    }

    /**
     * The best {@code n} items for each query row by dot product, leaving out the item indices in
     * {@code exclude[b]} (may be null). Unknown or excluded items never appear; a list is shorter than n only
     * when fewer items are eligible.
     */
    public List<ScoredItems> topN(float[][] queries, int count, int[][] exclude, int n) {
        return score(queries, count, exclude, n, false);
    }

    /** The {@code n} items most similar by cosine to each given item (by index), the item itself left out. */
    public List<ScoredItems> similar(int[] itemIndices, int count, int n) {
        float[][] queries = new float[count][];
        int[][] exclude = new int[count][];
        for (int b = 0; b < count; b++) {
            float[] y = table.rowAt(itemIndices[b]);
            float norm = table.normAt(itemIndices[b]);
            float[] q = new float[k];
            if (norm > 0) for (int d = 0; d < k; d++) q[d] = y[d] / norm;
            queries[b] = q;
            exclude[b] = new int[] {itemIndices[b]};
        }
        return score(queries, count, exclude, n, true);
    }

    private List<ScoredItems> score(float[][] queries, int count, int[][] exclude, int n, boolean cosine) {
        List<ScoredItems> out = new ArrayList<>(count);
        int items = table.size();
        if (count == 0) return out;
        if (items == 0) {
            for (int b = 0; b < count; b++) out.add(new ScoredItems(new String[0], new float[0]));
            return out;
        }
        syncMirror();
        float[] q = new float[count * k];
        for (int b = 0; b < count; b++) System.arraycopy(queries[b], 0, q, b * k, k);
        INDArray qArr = Nd4j.create(q, new long[] {count, k}, 'c');
        INDArray y = mirror.get(NDArrayIndex.interval(0, items), NDArrayIndex.all());
        if (scores == null || scores.rows() != count || scores.columns() != items) {
            scores = Nd4j.createUninitialized(DataType.FLOAT, new long[] {count, items}, 'c');
        }
        Nd4j.gemm(qArr, y, scores, false, true, 1.0, 0.0);
        // On the CUDA backend the result lives on the device: bring it to the host buffer read below (CPU: no-op).
        Nd4j.getAffinityManager().ensureLocation(scores, AffinityManager.Location.HOST);
        FloatBuffer s = scores.data().asNioFloat();
        if (rowBuffer.length < items) rowBuffer = new float[items];
        float[] row = rowBuffer;
        TopHeap heap = new TopHeap(n);
        for (int b = 0; b < count; b++) {
            s.position(b * items);
            s.get(row, 0, items);
            if (cosine) {
                for (int j = 0; j < items; j++) {
                    float norm = table.normAt(j);
                    row[j] = norm > 0 ? row[j] / norm : 0f;
                }
            }
            if (exclude != null && exclude[b] != null)
                for (int j : exclude[b]) if (j >= 0 && j < items) row[j] = Float.NEGATIVE_INFINITY;
            heap.clear();
            for (int j = 0; j < items; j++) heap.offer(j, row[j]);
            out.add(heap.drain(table::idAt));
        }
        return out;
    }

    /** Copies changed rows into the off-heap mirror (all of it after growth). */
    private void syncMirror() {
        int items = table.size();
        BitSet dirty = table.takeDirty();
        if (mirror == null || items > mirrorRows) {
            int capacity = Math.max(1024, Integer.highestOneBit(Math.max(1, items - 1)) << 1);
            mirror = Nd4j.create(DataType.FLOAT, capacity, k);
            mirrorRows = capacity;
            dirty.set(0, items);
        }
        Nd4j.getAffinityManager().ensureLocation(mirror, AffinityManager.Location.HOST);
        FloatBuffer m = mirror.data().asNioFloat();
        for (int i = dirty.nextSetBit(0); i >= 0 && i < items; i = dirty.nextSetBit(i + 1)) {
            m.position(i * k);
            m.put(table.rowAt(i), 0, k);
        }
        // Rows were written on the host: a CUDA backend must copy them to the device before the GEMM (CPU: no-op).
        Nd4j.getAffinityManager().tagLocation(mirror, AffinityManager.Location.HOST);
    }

    /** A bounded min-heap of (index, score) keeping the n largest scores; −∞ never enters (the content index uses it too). */
    public static final class TopHeap {
        private final int capacity;
        private final int[] idx;
        private final float[] val;
        private int size;

        public TopHeap(int capacity) {
            this.capacity = capacity;
            this.idx = new int[capacity];
            this.val = new float[capacity];
        }

        public void clear() {
            size = 0;
        }

        /** Whether {@link #offer} would keep a score now (the heap is not full, or it beats the smallest kept). */
        public boolean accepts(float v) {
            return size < capacity ? v != Float.NEGATIVE_INFINITY && !Float.isNaN(v) : v > val[0];
        }

        public void offer(int i, float v) {
            if (v == Float.NEGATIVE_INFINITY || Float.isNaN(v)) return;
            if (size < capacity) {
                idx[size] = i;
                val[size] = v;
                siftUp(size++);
            } else if (v > val[0]) {
                idx[0] = i;
                val[0] = v;
                siftDown(0);
            }
        }

        /** The kept indices, best first; leaves the heap empty. */
        public int[] drainIndices() {
            int[] out = new int[size];
            for (int p = size - 1; p >= 0; p--) {
                out[p] = idx[0];
                size--;
                idx[0] = idx[size];
                val[0] = val[size];
                siftDown(0);
            }
            return out;
        }

        /** The kept entries, best first, named by {@code idOf}; leaves the heap empty. */
        public ScoredItems drain(java.util.function.IntFunction<String> idOf) {
            int n = size;
            String[] ids = new String[n];
            float[] scores = new float[n];
            for (int p = n - 1; p >= 0; p--) {
                ids[p] = idOf.apply(idx[0]);
                scores[p] = val[0];
                size--;
                idx[0] = idx[size];
                val[0] = val[size];
                siftDown(0);
            }
            return new ScoredItems(ids, scores);
        }

        private void siftUp(int p) {
            while (p > 0) {
                int parent = (p - 1) >>> 1;
                if (val[parent] <= val[p]) break;
                swap(p, parent);
                p = parent;
            }
        }

        private void siftDown(int p) {
            while (true) {
                int l = 2 * p + 1, r = l + 1, m = p;
                if (l < size && val[l] < val[m]) m = l;
                if (r < size && val[r] < val[m]) m = r;
                if (m == p) return;
                swap(p, m);
                p = m;
            }
        }

        private void swap(int a, int b) {
            int ti = idx[a];
            idx[a] = idx[b];
            idx[b] = ti;
            float tv = val[a];
            val[a] = val[b];
            val[b] = tv;
        }
    }
}
