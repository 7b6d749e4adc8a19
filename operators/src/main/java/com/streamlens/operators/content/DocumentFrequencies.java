package com.streamlens.operators.content;

import java.util.Collection;
import java.util.HashSet;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * How many items each tag occurs in, online and in bounded memory: a frequent-items sketch (Apache DataSketches,
 * Misra–Gries with a reverse purge) over each item's distinct tags, beside an exact count of items. High-frequency
 * tags are exactly the sketch's heavy hitters, so a sketch of {@code maxMapSize} counters finds every tag in more than
 * a share s of the items once s·N exceeds its error bound (≈ 3.5·N / maxMapSize). Document frequencies of rarer tags are
 * under-estimated (down to 0), which gives them the largest IDF: what a rare tag deserves anyway.
 */
public final class DocumentFrequencies {
    /** Below this many items a share says nothing (three tyre pages would make "tyre" too common). */
    static final int MIN_ITEMS = 100;

    private final ItemsSketch<String> sketch;
    private long items;

    /** {@code maxMapSize}: a power of 2; 4,096 counters take ~100 KB and resolve shares down to ~0.1%. */
    public DocumentFrequencies(int maxMapSize) {
        this.sketch = new ItemsSketch<>(maxMapSize);
    }

    private DocumentFrequencies(ItemsSketch<String> sketch, long items) {
        this.sketch = sketch;
        this.items = items;
    }

    /** The sketch and the item count as bytes, for keyed state: 8 bytes of count, then the sketch. */
    public byte[] toBytes() {
        byte[] s = sketch.toByteArray(new ArrayOfStringsSerDe());
        return java.nio.ByteBuffer.allocate(8 + s.length).putLong(items).put(s).array();
    }

    public static DocumentFrequencies fromBytes(byte[] bytes) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        long items = b.getLong();
        byte[] s = java.util.Arrays.copyOfRange(bytes, 8, bytes.length);
        return new DocumentFrequencies(ItemsSketch.getInstance(Memory.wrap(s), new ArrayOfStringsSerDe()), items);
    }

    /** Counts one item's tags, each once however often it repeats. */
    public void addItem(Collection<String> tags) {
        for (String t : new HashSet<>(tags)) sketch.update(t);
        items++;
    }

    public long items() {
        return items;
    }

    /** Estimated number of items holding the tag (0 for a tag too rare to be tracked). */
    public long documentFrequency(String tag) {
        return clamped(sketch.getEstimate(tag));
    }

    /** An estimate as a document frequency: 0 ≤ df ≤ N. */
    private long clamped(long estimate) {
        return Math.min(items, Math.max(0, estimate));
    }

    /** Whether the tag occurs in more than {@code maxShare} of the items: too common to say anything about one. */
    public boolean tooCommon(String tag, double maxShare) {
        return tooCommon(sketch.getEstimate(tag), maxShare);
    }

    /** The same from an estimate already looked up: its lower bound (estimate − the sketch's maximum error) is over the share. */
    boolean tooCommon(long estimate, double maxShare) {
        return items >= MIN_ITEMS && estimate - sketch.getMaximumError() > maxShare * items;
    }

    /** idf = ln((1 + N) / (1 + df)) + 1, the smoothed form the spam featuriser uses too. */
    public double idf(String tag) {
        return idf(sketch.getEstimate(tag));
    }

    double idf(long estimate) {
        return Math.log((1.0 + items) / (1.0 + clamped(estimate))) + 1;
    }

    /** One look-up of the sketch per tag (the hot path weighs every tag of a title). */
    long estimate(String tag) {
        return sketch.getEstimate(tag);
    }
}
