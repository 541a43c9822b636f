WITH src AS (SELECT CAST(date_trunc('week', CAST(make_timestamp(epoch_us(l.created_at) + 28800000000) AS DATE)) AS DATE) AS "created_at_week"
  FROM leads l)
SELECT "created_at_week", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000
