WITH src AS (SELECT CAST(year(CAST(o.created_at AS DATE)) AS VARCHAR) AS "created_at_year"
  FROM opportunities o)
SELECT "created_at_year", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000
