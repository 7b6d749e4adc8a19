-- Each site's latest speed figure, slowest first.
SET 'execution.runtime-mode' = 'batch';
SELECT site_id, load_ms_trimmed_median, samples, as_of_time
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY site_id ORDER BY as_of DESC) AS rn
  FROM site_speed /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
)
WHERE rn = 1
ORDER BY load_ms_trimmed_median DESC;
