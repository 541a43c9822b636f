WITH base AS (SELECT ru.t AS "_d0", ru.k_action AS "_d1", sum(ru.n) AS "_s0_0"
  FROM rollup_key_actions_month ru
  GROUP BY 1, 2)
SELECT CAST(date_trunc('month', _p1."_d0") AS DATE) AS "completed_at_month", _p1."_d1" AS "action", sum(_p1."_s0_0") AS "count"
FROM base _p1
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
-- args null
