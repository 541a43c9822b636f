WITH base AS (SELECT l.region_id AS "l__region_id", CAST(make_timestamp(epoch_us(l.created_at) + 28800000000) AS DATE) AS "_d0", count(*) AS "_s0_0"
  FROM leads l
  WHERE l.status = $1
  GROUP BY 1, 2)
SELECT _p1."_d0" AS "created_at_day", rg.name AS "region", CAST(sum(_p1."_s0_0") AS BIGINT) AS "count"
FROM base _p1
LEFT JOIN regions rg ON rg.region_id = _p1."l__region_id"
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
