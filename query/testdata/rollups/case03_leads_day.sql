WITH base AS (SELECT ru.t AS "_d0", ru.k_channel AS "_d1", sum(ru.n) AS "_s0_0", sum(ru.n) AS "_s1_0"
  FROM rollup_leads_day ru
  GROUP BY 1, 2)
SELECT CAST(date_trunc('week', _p1."_d0") AS DATE) AS "created_at_week", _p1."_d1" AS "channel", sum(_p1."_s0_0") AS "count", CAST(sum(_p1."_s1_0") AS DOUBLE) / nullif(sum(sum(_p1."_s1_0")) OVER (), 0) AS "share"
FROM base _p1
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
-- args null
