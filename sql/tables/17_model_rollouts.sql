-- Each model's rollout as its judge decided it (in the job that scores it): an upsert table keyed by model name. state is serving, loading, rolling, paused, complete, halted, aborted or rejected; reason says why it changed;
-- the figures are the current gate window's (docs/operations/model-rollouts.md).
CREATE TABLE model_rollouts (
  row_key STRING,
  seq BIGINT,
  epoch BIGINT,
  state STRING,
  stage_percent INT,
  serving ROW<version STRING, uri STRING, sha256 STRING>,
  candidate ROW<version STRING, uri STRING, sha256 STRING>,
  failures INT,
  reason STRING,
  events BIGINT,
  js DOUBLE,
  psi DOUBLE,
  positive_rate_serving DOUBLE,
  positive_rate_candidate DOUBLE,
  mann_whitney_p DOUBLE,
  updated_at BIGINT,
  PRIMARY KEY (row_key) NOT ENFORCED
) WITH ('topic' = 'model-rollouts')
LIKE kafka_upsert;
