WITH src AS (SELECT ru.k_region AS "region", ru.k_to_stage AS "to_stage", ru.n AS "_m0"
  FROM rollup_stage_history_month ru)
SELECT "region", "to_stage", sum("_m0") AS "count"
FROM src
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
-- args null
