WITH src AS (SELECT rg.name AS "region", l.first_followed_at AS "_m0"
  FROM leads l
  LEFT JOIN regions rg ON rg.region_id = l.region_id)
SELECT "region", count("_m0") AS "count_first_followed_at"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
