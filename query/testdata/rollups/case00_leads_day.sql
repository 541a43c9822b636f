WITH base AS (SELECT ru.t AS "_d0", ru.k_region AS "_d1", sum(ru.n) AS "_s0_0"
  FROM rollup_leads_day ru
  WHERE ru.k_status = $1
  GROUP BY 1, 2)
SELECT _p1."_d0" AS "created_at_day", _p1."_d1" AS "region", sum(_p1."_s0_0") AS "count"
FROM base _p1
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
-- args [
  "valid"
]
