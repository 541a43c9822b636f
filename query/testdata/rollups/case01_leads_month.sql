WITH src AS (SELECT ru.k_industry AS "industry", ru.k_region AS "region", ru.n AS "_m0"
  FROM rollup_leads_month ru)
SELECT "industry", "region", sum("_m0") AS "count"
FROM src
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
-- args null
