package com.streamlens.operators.recs.als;

/** A ranked list: item ids with their scores, best first. */
public record ScoredItems(String[] ids, float[] scores) {
    public int size() {
        return ids.length;
    }

    public boolean contains(String id) {
        for (String s : ids) if (s.equals(id)) return true;
        return false;
    }
}
