-- Inputs the jobs rejected, with the job, the reason and the raw payload (cut at 64 KiB). Append-only. Every job
-- that reads a topic rejects a bad record once, naming itself in `job`.
CREATE TABLE dead_letters (
  job STRING,
  source_topic STRING,
  `partition` INT,
  `offset` BIGINT,
  reason STRING,
  payload STRING,
  payload_truncated BOOLEAN,
  rejected_at BIGINT,
  rejected_time AS TO_TIMESTAMP_LTZ(rejected_at, 3)
) WITH ('topic' = 'dead-letters')
LIKE kafka_log;
