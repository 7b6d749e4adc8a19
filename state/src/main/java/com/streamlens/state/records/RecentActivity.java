package com.streamlens.state.records;

import com.streamlens.state.events.ClickType;
import java.util.Arrays;

/**
 * A user's latest attributable events (type, time, session, revenue), oldest first, so that an exposure arriving after
 * events stamped later than itself can still claim them. Bounded by count and by age relative to the newest event.
 * Parallel arrays: a Flink POJO without generic (Kryo) fields.
 */
public class RecentActivity {
    public byte[] types = new byte[0];
    public long[] ts = new long[0];
    public String[] sessionIds = new String[0];
    public double[] revenues = new double[0];

    public RecentActivity() {}

    public int size() {
        return ts.length;
    }

    public ClickType type(int i) {
        return ClickType.values()[types[i]];
    }

    /** Adds an event in time order, then keeps the newest {@code maxEvents} within {@code windowMs} of the newest. */
    public void add(ClickType type, long at, String sessionId, double revenue, int maxEvents, long windowMs) {
        int n = ts.length;
        int pos = n;
        while (pos > 0 && ts[pos - 1] > at) pos--;
        byte[] t2 = new byte[n + 1];
        long[] ts2 = new long[n + 1];
        String[] s2 = new String[n + 1];
        double[] r2 = new double[n + 1];
        System.arraycopy(types, 0, t2, 0, pos);
        System.arraycopy(ts, 0, ts2, 0, pos);
        System.arraycopy(sessionIds, 0, s2, 0, pos);
        System.arraycopy(revenues, 0, r2, 0, pos);
        t2[pos] = (byte) type.ordinal();
        ts2[pos] = at;
        s2[pos] = sessionId;
        r2[pos] = revenue;
        System.arraycopy(types, pos, t2, pos + 1, n - pos);
        System.arraycopy(ts, pos, ts2, pos + 1, n - pos);
        System.arraycopy(sessionIds, pos, s2, pos + 1, n - pos);
        System.arraycopy(revenues, pos, r2, pos + 1, n - pos);
        long oldest = ts2[n] - windowMs;
        int from = Math.max(0, n + 1 - maxEvents);
        while (from < n + 1 && ts2[from] < oldest) from++;
        types = Arrays.copyOfRange(t2, from, n + 1);
        ts = Arrays.copyOfRange(ts2, from, n + 1);
        sessionIds = Arrays.copyOfRange(s2, from, n + 1);
        revenues = Arrays.copyOfRange(r2, from, n + 1);
    }
}
