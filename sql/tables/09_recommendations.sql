-- Every list RecommendationsJob writes (topic recommendations): personal top-N (kind 'user'), similar
-- items (kind 'similar') and popular items per site or '_all' (kind 'popular'). Append-only; the newest
-- row per (kind, id) is the current list.
CREATE TABLE recommendations (
  kind STRING,
  id STRING,
  items ARRAY<STRING>,
  scores ARRAY<FLOAT>,
  model_version BIGINT,
  ts BIGINT,
  written_at AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR written_at AS written_at - INTERVAL '5' SECOND
) WITH ('topic' = 'recommendations')
LIKE kafka_log;
