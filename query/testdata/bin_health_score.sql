WITH src AS (SELECT floor(hs.score / $1) * $2 AS "score_bin"
  FROM health_scores hs)
SELECT "score_bin", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000
