WITH base AS (SELECT ru.t AS "_d0", ru.k_from_stage AS "_d1", sum(ru.n) AS "_s0_0"
  FROM rollup_stage_history_month ru
  WHERE ru.t >= CAST($1 AS DATE) AND ru.t < CAST($2 AS DATE)
    AND ru.k_to_stage <> $3
  GROUP BY 1, 2)
SELECT CAST(date_trunc('month', _p1."_d0") AS DATE) AS "changed_at_month", _p1."_d1" AS "from_stage", sum(_p1."_s0_0") AS "count"
FROM base _p1
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
-- args [
  "2026-10-01",
  "2027-01-01",
  "won"
]
