WITH src AS (SELECT rg.name AS "region"
  FROM leads l
  LEFT JOIN regions rg ON rg.region_id = l.region_id
  WHERE l.first_followed_at IS NULL)
SELECT "region", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
