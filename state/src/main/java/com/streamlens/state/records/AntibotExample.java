package com.streamlens.state.records;

import java.util.Map;

/**
 * A session the fast path and the slow judge decided differently (topic {@code antibot-training}): training data for the
 * next session model, with both labels and the features the fast path saw.
 */
public class AntibotExample {
    public String userId;
    public String siteId;
    public String sessionId;
    public long ts;
    /** Feature name → value, as {@code SessionFeatures.NAMES} names them. */
    public Map<String, Double> features;
    public String fastLabel;
    public double fastScore;
    public String judgeLabel;
    public double judgeScore;
    public String modelVersion;

    public AntibotExample() {}
}
