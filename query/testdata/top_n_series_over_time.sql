WITH base AS (SELECT CAST(make_timestamp(epoch_us(l.created_at) + 28800000000) AS DATE) AS "_d0", l.channel AS "_d1", count(*) AS "_s0_0"
  FROM leads l
  GROUP BY 1, 2),
grouped AS (SELECT CAST(date_trunc('month', _p1."_d0") AS DATE) AS "created_at_month", _p1."_d1" AS "channel", sum(_p1."_s0_0") AS "_s0_0"
  FROM base _p1
  GROUP BY 1, 2),
top AS (SELECT "channel" AS "k" FROM grouped GROUP BY 1 ORDER BY CAST(sum("_s0_0") AS BIGINT) DESC NULLS LAST, 1 LIMIT $1)
SELECT "created_at_month", CASE WHEN "channel" IN (SELECT k FROM top) THEN "channel" ELSE $2 END AS "channel", CAST(sum("_s0_0") AS BIGINT) AS "count"
FROM grouped
GROUP BY 1, 2
ORDER BY min(CASE WHEN "channel" IN (SELECT k FROM top) THEN 0 ELSE 1 END), 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
