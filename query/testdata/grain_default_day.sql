WITH src AS (SELECT CAST(v.visited_at AS DATE) AS "visited_at_day"
  FROM visits v)
SELECT "visited_at_day", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000
