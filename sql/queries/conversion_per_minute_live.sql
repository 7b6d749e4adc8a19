-- Live: visitors and buyers per site and minute, straight from the clickstream. A windowed aggregate
-- (TUMBLE) is append-only, each minute emitted once when it closes, so it streams correctly through JDBC.
SET 'execution.runtime-mode' = 'streaming';
SELECT window_start, window_end, site_id,
       COUNT(DISTINCT user_id) AS visitors,
       COUNT(DISTINCT CASE WHEN `type` IN ('purchase', 'conversion') THEN user_id END) AS buyers
FROM TABLE(TUMBLE(TABLE clickstream, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, site_id;
