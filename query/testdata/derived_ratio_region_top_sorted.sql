WITH g0 AS (WITH base AS (SELECT l.region_id AS "l__region_id", count(*) AS "_s0_0", count(CASE WHEN (l.first_followed_at IS NOT NULL) = $1 THEN 1 END) AS "_s1_0"
  FROM leads l
  GROUP BY 1)
SELECT rg.name AS "region", CAST(sum(_p1."_s0_0") AS BIGINT) AS "_c0", CAST(sum(_p1."_s1_0") AS BIGINT) AS "_c1"
FROM base _p1
LEFT JOIN regions rg ON rg.region_id = _p1."l__region_id"
GROUP BY 1)
SELECT g0."region", g0."_c0" AS "count", CAST(g0."_c1" AS DOUBLE) / nullif(g0."_c0", 0) AS "_k2"
FROM g0
ORDER BY 3 DESC NULLS LAST
LIMIT 50000
