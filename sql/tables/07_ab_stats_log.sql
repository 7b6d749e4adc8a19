-- The same topic as an append-only log of every emitted row, with its Kafka position: what batch
-- queries read (batch mode only takes insert-only sources) and deduplicate to the latest row per key.
CREATE TABLE ab_stats_log (
  kafka_partition INT METADATA FROM 'partition' VIRTUAL,
  kafka_offset BIGINT METADATA FROM 'offset' VIRTUAL
) WITH (
  'connector' = 'kafka',
  'scan.startup.mode' = 'earliest-offset',
  'key.fields' = 'row_key'
)
LIKE ab_stats (EXCLUDING CONSTRAINTS OVERWRITING OPTIONS);
