WITH src AS (SELECT CAST(make_timestamp(epoch_us(l.created_at) + 28800000000) AS DATE) AS "created_at_day"
  FROM leads l
  WHERE l.created_at >= CAST($1 AS TIMESTAMPTZ) AND l.created_at < CAST($2 AS TIMESTAMPTZ))
SELECT "created_at_day", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000
