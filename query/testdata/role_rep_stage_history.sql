WITH src AS (SELECT sh.to_stage AS "to_stage"
  FROM stage_history sh
  LEFT JOIN opportunities o ON o.opp_id = sh.opp_id
  WHERE o.owner_rep_id = $1)
SELECT "to_stage", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
