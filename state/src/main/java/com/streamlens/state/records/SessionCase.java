package com.streamlens.state.records;

/**
 * A scored session on its way to the slow judge: the fast verdict, the features it was scored on, and what the judge
 * learns later (how many sessions the session's IP carried that day).
 */
public class SessionCase {
    public BotVerdict fast;
    /** The session's features in the order of {@code SessionFeatures.NAMES}. */
    public float[] features;
    public int ipSessionsThatDay;
    public int ipVisitorsThatDay;

    public SessionCase() {}
}
