-- Where every model's rollout stands now: the version serving, the candidate, its stage and why it is there.
SELECT row_key AS model, state, stage_percent, serving.version AS serving_version, candidate.version AS candidate_version,
       events, js, positive_rate_serving, positive_rate_candidate, reason
FROM model_rollouts;
