WITH src AS (SELECT (l.first_followed_at IS NOT NULL) AS "followed"
  FROM leads l
  LEFT JOIN customers c ON c.customer_id = l.customer_id
  WHERE c.name IS NOT NULL)
SELECT "followed", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
