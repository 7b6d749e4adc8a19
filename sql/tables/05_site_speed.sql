-- A site's trimmed-median page-load time, refreshed every 30 s of event time (GeoActivityJob). Append-only.
CREATE TABLE site_speed (
  site_id STRING,
  as_of BIGINT,
  samples INT,
  new_samples INT,
  load_ms_trimmed_median DOUBLE,
  as_of_time AS TO_TIMESTAMP_LTZ(as_of, 3)
) WITH ('topic' = 'site-speed')
LIKE kafka_log;
