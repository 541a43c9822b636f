WITH src AS (SELECT l.channel AS "channel"
  FROM leads l)
SELECT "channel", CAST(count(*) AS DOUBLE) / sum(count(*)) OVER () AS "share"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
