WITH src AS (SELECT c.name AS "customer"
  FROM visits v
  LEFT JOIN customers c ON c.customer_id = v.customer_id),
top AS (SELECT "customer" AS k FROM src GROUP BY 1 ORDER BY count(*) DESC NULLS LAST, 1 LIMIT $1)
SELECT CASE WHEN "customer" IN (SELECT k FROM top) THEN "customer" ELSE $2 END AS "customer", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY min(CASE WHEN "customer" IN (SELECT k FROM top) THEN 0 ELSE 1 END), 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
