package com.streamlens.state.records;

/** A user whose list is due: the user's row and the items to leave out, waiting for the next scoring batch. */
public class RefreshRequest {
    public String userId;
    public String siteId;
    public float[] userRow;
    public String[] exclude;
    public long ts;

    public RefreshRequest() {}

    public RefreshRequest(String userId, String siteId, float[] userRow, String[] exclude, long ts) {
        this.userId = userId;
        this.siteId = siteId;
        this.userRow = userRow;
        this.exclude = exclude;
        this.ts = ts;
    }
}
