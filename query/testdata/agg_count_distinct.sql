WITH src AS (SELECT rp.name AS "rep", v.customer_id AS "_m0"
  FROM visits v
  LEFT JOIN reps rp ON rp.rep_id = v.rep_id)
SELECT "rep", count(DISTINCT "_m0") AS "count_distinct_customer_id"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
