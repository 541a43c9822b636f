WITH src AS (SELECT rg.name AS "region", l.status AS "status"
  FROM leads l
  LEFT JOIN regions rg ON rg.region_id = l.region_id)
SELECT "region", "status", count(*) AS "count"
FROM src
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
