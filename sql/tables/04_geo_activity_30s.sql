-- One row per H3 cell and closed 30-second window (GeoActivityJob). Append-only: each window is final.
CREATE TABLE geo_activity_30s (
  resolution INT,
  cell STRING,
  lat DOUBLE,
  lon DOUBLE,
  window_start BIGINT,
  window_end BIGINT,
  hits BIGINT,
  `users` BIGINT,
  timings INT,
  load_ms_trimmed_median DOUBLE,
  window_end_time AS TO_TIMESTAMP_LTZ(window_end, 3),
  WATERMARK FOR window_end_time AS window_end_time - INTERVAL '5' SECOND
) WITH ('topic' = 'geo-activity-30s')
LIKE kafka_log;
