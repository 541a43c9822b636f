WITH src AS (SELECT c.industry AS "industry", rg.name AS "region"
  FROM leads l
  LEFT JOIN regions rg ON rg.region_id = l.region_id
  LEFT JOIN customers c ON c.customer_id = l.customer_id)
SELECT "industry", "region", count(*) AS "count"
FROM src
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
