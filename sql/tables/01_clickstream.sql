-- The raw clickstream (schema v1, see README). Append-only; event time from `ts`.
-- Malformed payloads are skipped here (json.ignore-parse-errors): the jobs put them in dead_letters.
CREATE TABLE clickstream (
  `schema` INT,
  event_id STRING,
  `type` STRING,
  site_id STRING,
  user_id STRING,
  session_id STRING,
  ts BIGINT,
  item_id STRING,
  lat DOUBLE,
  lon DOUBLE,
  ip STRING,
  url STRING,
  title STRING,
  h1 STRING,
  referrer STRING,
  quantity INT,
  price DOUBLE,
  revenue DOUBLE,
  currency STRING,
  order_id STRING,
  timing ROW<dns_ms INT, connect_ms INT, ttfb_ms INT, dom_content_loaded_ms INT, load_ms INT>,
  experiment STRING,
  `variant` STRING,
  goal STRING,
  event_time AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH ('topic' = 'clickstream')
LIKE kafka_log;
