WITH base AS (SELECT ru.t AS "_d0", sum(ru.n) AS "_s0_0"
  FROM rollup_visits_day ru
  GROUP BY 1)
SELECT CAST(date_trunc('month', _p1."_d0") AS DATE) AS "visited_at_month", sum(_p1."_s0_0") AS "count"
FROM base _p1
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000
-- args null
