-- Which items the personal lists recommend most often right now (first place of each list written so far).
SET 'execution.runtime-mode' = 'batch';
SELECT items[1] AS first_place, COUNT(*) AS lists
FROM recommendations /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
WHERE kind = 'user' AND CARDINALITY(items) > 0
GROUP BY items[1]
ORDER BY lists DESC
LIMIT 10;
