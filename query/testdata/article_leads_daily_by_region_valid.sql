WITH src AS (SELECT CAST(make_timestamp(epoch_us(l.created_at) + 28800000000) AS DATE) AS "created_at_day", rg.name AS "region"
  FROM leads l
  LEFT JOIN regions rg ON rg.region_id = l.region_id
  WHERE l.status = $1)
SELECT "created_at_day", "region", count(*) AS "count"
FROM src
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
