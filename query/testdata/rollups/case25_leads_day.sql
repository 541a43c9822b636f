WITH g0 AS (WITH base AS (SELECT ru.t AS "_d0", ru.k_channel AS "_d1", sum(ru.n) AS "_s0_0"
  FROM rollup_leads_day ru
  WHERE ru.t >= CAST($1 AS DATE) AND ru.t < CAST($2 AS DATE)
  GROUP BY 1, 2)
SELECT CAST(date_trunc('week', _p1."_d0") AS DATE) AS "created_at_week", _p1."_d1" AS "channel", sum(_p1."_s0_0") AS "_c0"
FROM base _p1
GROUP BY 1, 2)
SELECT g0."created_at_week", g0."channel", g0."_c0" AS "count", CAST(sum(g0."_c0") OVER (PARTITION BY g0."channel" ORDER BY g0."created_at_week") AS BIGINT) AS "count_running"
FROM g0
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
-- args [
  "2026-10-01",
  "2027-01-01"
]
