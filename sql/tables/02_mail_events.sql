-- Mail events (schema v1, see README). Append-only; event time from `ts`.
CREATE TABLE mail_events (
  `schema` INT,
  event_id STRING,
  `type` STRING,
  user_id STRING,
  ts BIGINT,
  mail_id STRING,
  `from` STRING,
  `to` STRING,
  subject STRING,
  body STRING,
  headers MAP<STRING, STRING>,
  action STRING,
  ip STRING,
  lat DOUBLE,
  lon DOUBLE,
  user_agent STRING,
  success BOOLEAN,
  event_time AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH ('topic' = 'mail-events')
LIKE kafka_log;
