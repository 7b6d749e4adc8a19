package com.streamlens.state.records;

/**
 * Operator state of the recommendation user side: the similar lists one subtask wrote (item, when, the sorted hash
 * codes of the ids on its list), packed into one element per subtask — a list entry per item would put an offset
 * per item into the checkpoint's metadata. List i's codes are {@code idHashes[from_i, from_i + sizes[i])}.
 */
public class SimilarListings {
    public String[] itemIds;
    public long[] writtenAt;
    public int[] sizes;
    public int[] idHashes;

    public SimilarListings() {}

    public SimilarListings(String[] itemIds, long[] writtenAt, int[] sizes, int[] idHashes) {
        this.itemIds = itemIds;
        this.writtenAt = writtenAt;
        this.sizes = sizes;
        this.idHashes = idHashes;
    }
}
