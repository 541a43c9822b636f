WITH src AS (SELECT CAST(date_trunc('month', CAST(make_timestamp(epoch_us(v.visited_at) + 28800000000) AS DATE)) AS DATE) AS "visited_at_month"
  FROM visits v)
SELECT "visited_at_month", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000
