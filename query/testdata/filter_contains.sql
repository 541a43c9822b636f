WITH src AS (SELECT rg.name AS "region"
  FROM customers c
  LEFT JOIN regions rg ON rg.region_id = c.region_id
  WHERE contains(lower(c.name), lower($1)))
SELECT "region", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
