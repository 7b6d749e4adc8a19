-- Inputs the jobs rejected, with the reason and the raw payload (cut at 64 KiB). Append-only.
CREATE TABLE dead_letters (
  source_topic STRING,
  `partition` INT,
  `offset` BIGINT,
  reason STRING,
  payload STRING,
  payload_truncated BOOLEAN,
  rejected_at BIGINT,
  rejected_time AS TO_TIMESTAMP_LTZ(rejected_at, 3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'dead-letters',
  'properties.bootstrap.servers' = '${kafka.bootstrap}',
  'properties.group.id' = 'streamlens-sql',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);
