package com.streamlens.state.records;

import java.util.ArrayList;
import java.util.List;

/** A user's letter rules (keyed state, one value: read once per delivered mail), at most a bound, the stalest evicted. */
public class LetterRules {
    public List<LetterRule> rules = new ArrayList<>();

    public LetterRules() {}
}
