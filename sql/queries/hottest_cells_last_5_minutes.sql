-- The ten busiest H3 cells of the last five minutes, with their speed: a point-in-time answer.
-- Batch mode over the topic as it is now (bounded at the latest offsets) gives final, correct rows
-- through JDBC, which cannot carry the retractions of a streaming aggregate.
-- Each (cell, window) counts once: under --delivery at-least-once a restarted job sends the windows of its
-- last checkpoint interval again, identical.
SET 'execution.runtime-mode' = 'batch';
SELECT cell,
       MAX(lat) AS lat,
       MAX(lon) AS lon,
       SUM(hits) AS hits,
       MAX(`users`) AS max_users_per_window,
       AVG(load_ms_trimmed_median) AS avg_load_ms
FROM (
  SELECT cell, window_start, MAX(lat) AS lat, MAX(lon) AS lon, MAX(hits) AS hits, MAX(`users`) AS `users`,
         MAX(load_ms_trimmed_median) AS load_ms_trimmed_median
  FROM geo_activity_30s /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
  WHERE window_end > UNIX_TIMESTAMP() * 1000 - 5 * 60 * 1000
  GROUP BY cell, window_start
)
GROUP BY cell
ORDER BY hits DESC
LIMIT 10;
