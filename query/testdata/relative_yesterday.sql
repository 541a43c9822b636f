WITH src AS (SELECT rg.name AS "region"
  FROM leads l
  LEFT JOIN regions rg ON rg.region_id = l.region_id
  WHERE l.created_at >= CAST($1 AS TIMESTAMPTZ) AND l.created_at < CAST($2 AS TIMESTAMPTZ)
    AND l.status = $3)
SELECT "region", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
