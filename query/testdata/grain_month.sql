WITH src AS (SELECT strftime(CAST(v.visited_at AS DATE), '%Y-%m') AS "visited_at_month"
  FROM visits v)
SELECT "visited_at_month", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000
