-- A site's trimmed-median page-load time, refreshed every 30 s of event time (GeoActivityJob). Append-only.
CREATE TABLE site_speed (
  site_id STRING,
  as_of BIGINT,
  samples INT,
  new_samples INT,
  load_ms_trimmed_median DOUBLE,
  as_of_time AS TO_TIMESTAMP_LTZ(as_of, 3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'site-speed',
  'properties.bootstrap.servers' = '${kafka.bootstrap}',
  'properties.group.id' = 'streamlens-sql',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);
