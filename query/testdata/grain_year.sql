WITH src AS (SELECT CAST(date_trunc('year', CAST(make_timestamp(epoch_us(o.created_at) + 28800000000) AS DATE)) AS DATE) AS "created_at_year"
  FROM opportunities o)
SELECT "created_at_year", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000
