WITH src AS (SELECT ru.k_industry AS "industry", ru.s_hours_to_follow AS "_m0", ru.lo_hours_to_follow AS "_m1", ru.hi_hours_to_follow AS "_m2", ru.c_hours_to_follow AS "_m3", ru.s_hours_to_follow AS "_m4"
  FROM rollup_leads_month ru)
SELECT "industry", sum("_m0") AS "sum_hours_to_follow", min("_m1") AS "min_hours_to_follow", max("_m2") AS "max_hours_to_follow", sum("_m3") AS "count_hours_to_follow", CAST(sum("_m4") AS DOUBLE) / nullif(sum(sum("_m4")) OVER (), 0) AS "share_hours_to_follow"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
-- args null
