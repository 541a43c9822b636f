WITH src AS (SELECT CAST(date_trunc('month', CAST(make_timestamp(epoch_us(l.created_at) + 28800000000) AS DATE)) AS DATE) AS "created_at_month", l.channel AS "channel"
  FROM leads l),
top AS (SELECT "channel" AS k FROM src GROUP BY 1 ORDER BY count(*) DESC NULLS LAST, 1 LIMIT $1)
SELECT "created_at_month", CASE WHEN "channel" IN (SELECT k FROM top) THEN "channel" ELSE $2 END AS "channel", count(*) AS "count"
FROM src
GROUP BY 1, 2
ORDER BY min(CASE WHEN "channel" IN (SELECT k FROM top) THEN 0 ELSE 1 END), 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
