-- The Kafka options the live tables share, written once. Each table names its topic and takes the rest with
-- `LIKE kafka_log` (an append-only JSON topic) or `LIKE kafka_upsert` (a compacted topic keyed by the row's key).
-- Temporary, option-only tables: templates for the DDL below, not tables the catalog offers.
CREATE TEMPORARY TABLE kafka_log WITH (
  'connector' = 'kafka',
  'properties.bootstrap.servers' = '${kafka.bootstrap}',
  'properties.group.id' = 'streamlens-sql',
  -- Results of an exactly-once job's aborted transactions never show.
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  -- Malformed payloads are skipped here: the jobs put them in dead_letters.
  'json.ignore-parse-errors' = 'true'
);

CREATE TEMPORARY TABLE kafka_upsert WITH (
  'connector' = 'upsert-kafka',
  'properties.bootstrap.servers' = '${kafka.bootstrap}',
  'properties.group.id' = 'streamlens-sql',
  'properties.isolation.level' = 'read_committed',
  'key.format' = 'raw',
  'value.format' = 'json',
  'value.fields-include' = 'EXCEPT_KEY',
  'value.json.ignore-parse-errors' = 'true'
);
