WITH src AS (SELECT CAST(make_timestamp(epoch_us(v.visited_at) + 28800000000) AS DATE) AS "visited_at_day"
  FROM visits v)
SELECT "visited_at_day", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000
