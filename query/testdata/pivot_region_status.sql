WITH base AS (SELECT l.region_id AS "l__region_id", l.status AS "_d1", count(*) AS "_s0_0"
  FROM leads l
  GROUP BY 1, 2)
SELECT rg.name AS "region", _p1."_d1" AS "status", CAST(sum(_p1."_s0_0") AS BIGINT) AS "count"
FROM base _p1
LEFT JOIN regions rg ON rg.region_id = _p1."l__region_id"
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
