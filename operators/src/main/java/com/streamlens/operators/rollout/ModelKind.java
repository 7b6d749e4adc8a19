package com.streamlens.operators.rollout;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * What the rollout machinery needs to know of one kind of model (spam, mail categories, …): how to open the model a
 * job is started with, how to load a fetched and verified artefact, a fixed canary batch, and whose input an element is.
 *
 * @param <IN> what the model scores
 * @param <R> one element's result (a probability with the model's decision, class probabilities, …)
 */
public interface ModelKind<IN, R> extends Serializable {
    /** The model's name: the key on {@code models} and {@code model-rollouts}, and {@code model:{name}} in Redis. */
    String name();

    /** The model the job was started with (a directory or URI; checked at submission), serving until a rollout completes. */
    ModelScorer<IN, R> openServing(String location);

    /** A verified artefact directory; a corrupt or incompatible one is an {@link IllegalArgumentException} saying why. */
    ModelScorer<IN, R> load(Path dir);

    /** A fixed batch every candidate must score to finite values in [0, 1] before it serves anyone. */
    List<IN> canary();

    /** The user an element belongs to: the unit of the rollout's slices. */
    String userOf(IN element);

    /** Why a candidate cannot stand in for the serving model (e.g. other classes), or null when it can. */
    default String incompatibility(ModelScorer<IN, R> serving, ModelScorer<IN, R> candidate) {
        return null;
    }
}
