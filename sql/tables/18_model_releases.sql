-- The `models` control topic (scripts/model; the table is not called models, a keyword of Flink SQL): per model name,
-- the version to roll out, where it is and its digest, and the latest operator control (publish, pause, resume, abort,
-- promote) with who issued it.
CREATE TABLE model_releases (
  row_key STRING,
  model ROW<version STRING, uri STRING, sha256 STRING>,
  control STRING,
  issued_at BIGINT,
  issued_by STRING,
  PRIMARY KEY (row_key) NOT ENFORCED
) WITH ('topic' = 'models')
LIKE kafka_upsert;
