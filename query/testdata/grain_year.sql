WITH base AS (SELECT CAST(make_timestamp(epoch_us(o.created_at) + 28800000000) AS DATE) AS "_d0", count(*) AS "_s0_0"
  FROM opportunities o
  GROUP BY 1)
SELECT CAST(date_trunc('year', _p1."_d0") AS DATE) AS "created_at_year", CAST(sum(_p1."_s0_0") AS BIGINT) AS "count"
FROM base _p1
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000
