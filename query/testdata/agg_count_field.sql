WITH base AS (SELECT l.region_id AS "l__region_id", count(l.first_followed_at) AS "_s0_0"
  FROM leads l
  GROUP BY 1)
SELECT rg.name AS "region", CAST(sum(_p1."_s0_0") AS BIGINT) AS "count_first_followed_at"
FROM base _p1
LEFT JOIN regions rg ON rg.region_id = _p1."l__region_id"
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
