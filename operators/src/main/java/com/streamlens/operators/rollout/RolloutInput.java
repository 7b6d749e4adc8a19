package com.streamlens.operators.rollout;

import com.streamlens.state.records.ModelRelease;
import com.streamlens.state.records.ModelRollout;

/** One input of a model's judge, keyed by model name: an operator's release or control, its own history read back, or a scorer's observation. */
public class RolloutInput {
    public ModelRelease release;
    public ModelRollout history;
    public RolloutObservation observation;

    public RolloutInput() {}

    public static RolloutInput of(ModelRelease r) {
        RolloutInput in = new RolloutInput();
        in.release = r;
        return in;
    }

    public static RolloutInput of(ModelRollout h) {
        RolloutInput in = new RolloutInput();
        in.history = h;
        return in;
    }

    public static RolloutInput of(RolloutObservation o) {
        RolloutInput in = new RolloutInput();
        in.observation = o;
        return in;
    }

    public String name() {
        return release != null ? release.name : history != null ? history.name : observation.name;
    }
}
