package com.streamlens.state.records;

/**
 * A visitor's content profile as the content job keeps it (keyed by user): tags with weights stated as of {@link #asOf}
 * (event time, decayed from there on read), the items they recently touched (left out of their list) and those they
 * bought. Logic in {@code operators.content.TagProfile}. Expires 90 days after the last activity (state TTL).
 */
public class ContentProfile {
    public String[] tags = new String[0];
    public float[] weights = new float[0];
    public long asOf;
    /** Most recent last, bounded. */
    public String[] recentItems = new String[0];
    /** Bought items, most recent last, bounded. */
    public String[] boughtItems = new String[0];
    /** Interactions seen (the hybrid's n_u: how much iALS knows about this visitor). */
    public long interactions;
    /** The lowest score on the last content list written (0 when it was not full): a new item above it belongs on it. */
    public float listFloor;

    public ContentProfile() {}
}
