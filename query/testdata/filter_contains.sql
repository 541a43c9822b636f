WITH base AS (SELECT c.region_id AS "c__region_id", count(*) AS "_s0_0"
  FROM customers c
  WHERE contains(lower(c.name), lower($1))
  GROUP BY 1)
SELECT rg.name AS "region", CAST(sum(_p1."_s0_0") AS BIGINT) AS "count"
FROM base _p1
LEFT JOIN regions rg ON rg.region_id = _p1."c__region_id"
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
