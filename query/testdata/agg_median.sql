WITH src AS (SELECT rp.name AS "rep", (date_diff('minute', make_timestamp(epoch_us(v.visited_at)), make_timestamp(epoch_us(v.recorded_at))) / 60.0) AS "_m0"
  FROM visits v
  LEFT JOIN reps rp ON rp.rep_id = v.rep_id)
SELECT "rep", CAST(median("_m0") AS DOUBLE) AS "median_entry_hours"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
