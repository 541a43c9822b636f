package query

import "salesbi/i18n"

// Datasets over the metrics' derived tables (package metrics, migration 4):
// health scores and grade changes, compliance by opportunity and its
// violations, lost/delayed deal attribution, calibration per rep, freshness
// and the scorecard. Rows are per period ("2026-Q4") where the table has one.
// Team-level rows (the scorecard, team freshness) have no owner rep, so a
// rep or manager sees only their own rows; directors see everything.

func metricDatasets() []Dataset {
	repJoins := func(repCol Col) []Join {
		return []Join{
			lookup("rep", "reps", "rp", repCol, "rep_id"),
			lookup("region", "regions", "rg", col("rp", "region_id"), "region_id"),
		}
	}

	return []Dataset{
		{
			Name: "health_scores", Label: i18n.T("客户健康分", "Customer health"), Table: "health_scores", Alias: "hs",
			Owner: col("c", "owner_rep_id"),
			Joins: []Join{
				lookup("customer", "customers", "c", col("hs", "customer_id"), "customer_id"),
				lookup("rep", "reps", "rp", col("c", "owner_rep_id"), "rep_id"),
				lookup("region", "regions", "rg", col("c", "region_id"), "region_id"),
			},
			Fields: []Field{
				idField("customer_id", "客户编号", "Customer ID", col("hs", "customer_id")),
				dimension("customer", "客户", "Customer", col("c", "name")),
				dimension("grade", "健康等级", "Health grade", col("hs", "grade")),
				dimension("static_tier", "静态分级", "Static tier", col("c", "static_tier")),
				dimension("industry", "行业", "Industry", col("c", "industry")),
				dimension("rep", "销售", "Rep", col("rp", "name")),
				dimension("region", "区域", "Region", col("rg", "name")),
				instant("scored_at", "评分时间", "Scored", col("hs", "scored_at")),
				measure("score", "健康分", "Health score", col("hs", "score")),
				measure("under_b", "低于 B 线客户", "Customers under B", Case{Whens: []When{{eq(col("hs", "grade"), Str("C")), Num("1")}}, Else: Num("0")}),
			},
			Drill:   []string{"region", "rep", "customer"},
			Records: []string{"scored_at", "customer_id", "customer", "grade", "score", "rep"},
		},

		{
			Name: "grade_changes", Label: i18n.T("健康等级变化", "Grade changes"), Table: "grade_changes", Alias: "gc",
			Owner: col("c", "owner_rep_id"),
			Joins: []Join{
				lookup("customer", "customers", "c", col("gc", "customer_id"), "customer_id"),
				lookup("rep", "reps", "rp", col("c", "owner_rep_id"), "rep_id"),
				lookup("region", "regions", "rg", col("c", "region_id"), "region_id"),
			},
			Fields: []Field{
				idField("customer_id", "客户编号", "Customer ID", col("gc", "customer_id")),
				dimension("customer", "客户", "Customer", col("c", "name")),
				dimension("from_grade", "原等级", "From grade", col("gc", "from_grade")),
				dimension("to_grade", "新等级", "To grade", col("gc", "to_grade")),
				dimension("cause", "原因", "Cause", col("gc", "cause")),
				dimension("rep", "销售", "Rep", col("rp", "name")),
				dimension("region", "区域", "Region", col("rg", "name")),
				instant("changed_at", "变化时间", "Changed", col("gc", "changed_at")),
				measure("score", "健康分", "Health score", col("gc", "score")),
			},
			Drill:   []string{"region", "rep", "customer"},
			Records: []string{"changed_at", "customer", "from_grade", "to_grade", "score", "cause"},
		},

		{
			Name: "compliance", Label: i18n.T("过程合规(商机)", "Process compliance (opportunities)"), Table: "metric_compliance_opps", Alias: "mco",
			Owner: col("mco", "rep_id"), Joins: repJoins(col("mco", "rep_id")),
			Fields: []Field{
				dimension("period", "期间", "Period", col("mco", "period")),
				idField("opp_id", "商机编号", "Opportunity ID", col("mco", "opp_id")),
				boolField("compliant", "合规", "Compliant", col("mco", "compliant")),
				boolField("tech_confirmed", "技术方案已确认", "Technical solution signed", col("mco", "tech_confirmed")),
				boolField("past_solution", "已过方案阶段", "Past solution", col("mco", "past_solution")),
				dimension("rep", "销售", "Rep", col("rp", "name")),
				dimension("region", "区域", "Region", col("rg", "name")),
				measure("amount", "商机金额", "Amount", asDouble(col("mco", "amount"))),
				measure("compliant_share", "合规率", "Compliance rate", Case{Whens: []When{{col("mco", "compliant"), Num("1.0")}}, Else: Num("0.0")}),
				measure("gates_violated", "违规关卡数", "Gates violated", col("mco", "gates_violated")),
			},
			Drill:   []string{"region", "rep"},
			Records: []string{"period", "opp_id", "rep", "compliant", "tech_confirmed", "gates_violated"},
		},

		{
			Name: "compliance_violations", Label: i18n.T("关键动作违规", "Key-action violations"), Table: "metric_compliance_violations", Alias: "mcv",
			Owner: col("mcv", "rep_id"), Joins: repJoins(col("mcv", "rep_id")),
			Fields: []Field{
				dimension("period", "期间", "Period", col("mcv", "period")),
				idField("opp_id", "商机编号", "Opportunity ID", col("mcv", "opp_id")),
				dimension("gate_stage", "关卡阶段", "Gate stage", col("mcv", "gate_stage")),
				dimension("missing_action", "缺失动作", "Missing action", col("mcv", "missing_action")),
				instant("changed_at", "过关时间", "Passed at", col("mcv", "changed_at")),
				dimension("rep", "销售", "Rep", col("rp", "name")),
				dimension("region", "区域", "Region", col("rg", "name")),
				measure("violations", "违规数", "Violations", Num("1")),
			},
			Drill:   []string{"region", "rep"},
			Records: []string{"changed_at", "opp_id", "gate_stage", "missing_action", "rep"},
		},

		{
			Name: "deal_attribution", Label: i18n.T("丢单与延期归因", "Lost and delayed deals"), Table: "metric_deal_attribution", Alias: "mda",
			Owner: col("mda", "rep_id"), Joins: repJoins(col("mda", "rep_id")),
			Fields: []Field{
				dimension("period", "期间", "Period", col("mda", "period")),
				idField("opp_id", "商机编号", "Opportunity ID", col("mda", "opp_id")),
				dimension("kind", "类型", "Kind", col("mda", "kind")),
				dimension("stalled_stage", "停滞阶段", "Stalled at", col("mda", "stalled_stage")),
				dimension("missing_action", "缺失动作", "Missing action", col("mda", "missing_action")),
				dimension("rep", "销售", "Rep", col("rp", "name")),
				dimension("region", "区域", "Region", col("rg", "name")),
				measure("amount", "金额", "Amount", asDouble(col("mda", "amount"))),
				measure("deals", "商机数", "Deals", Num("1")),
			},
			Drill:   []string{"region", "rep"},
			Records: []string{"period", "opp_id", "kind", "stalled_stage", "missing_action", "rep"},
		},

		{
			Name: "calibration", Label: i18n.T("目标校准", "Target calibration"), Table: "metric_calibration", Alias: "mc",
			Owner: col("mc", "rep_id"), Joins: repJoins(col("mc", "rep_id")),
			Fields: []Field{
				dimension("period", "期间", "Period", col("mc", "period")),
				dimension("rep", "销售", "Rep", col("rp", "name")),
				dimension("region", "区域", "Region", col("rg", "name")),
				dimension("weakest_indicator", "能力短板", "Weakest indicator", col("mc", "weakest_indicator")),
				boolField("below_target_twice", "连续两季未达标", "Below target two quarters", col("mc", "below_target_twice")),
				measure("capability", "能力分", "Capability", col("mc", "capability")),
				measure("heat", "资源热度", "Resource heat", col("mc", "heat")),
				measure("match", "匹配度", "Match", col("mc", "match")),
				measure("set_target", "设定目标", "Set target", asDouble(col("mc", "set_target"))),
				measure("recommended", "推荐目标", "Recommended target", col("mc", "recommended")),
				measure("band_pct", "建议浮动", "Band half-width", col("mc", "band_pct")),
				measure("deviation", "偏离度", "Deviation", col("mc", "deviation")),
				measure("signed", "签约额", "Signed", asDouble(col("mc", "signed"))),
				measure("attainment", "达成率", "Attainment", col("mc", "attainment")),
			},
			Drill:   []string{"region", "rep"},
			Records: []string{"period", "rep", "set_target", "recommended", "deviation", "attainment"},
		},

		{
			Name: "freshness", Label: i18n.T("数据鲜活性", "Data freshness"), Table: "metric_freshness", Alias: "mf",
			// Per-rep rows have subject "rep:<id>"; team rows have no owner.
			Owner: Cast{Try: true, To: "BIGINT", X: Case{Whens: []When{{
				Bin{Op: "LIKE", L: col("mf", "subject"), R: Str("rep:%")}, fn("substr", col("mf", "subject"), Num("5"))}}}},
			Fields: []Field{
				dimension("period", "期间", "Period", col("mf", "period")),
				dimension("measure", "指标", "Measure", col("mf", "measure")),
				dimension("subject", "对象", "Subject", col("mf", "subject")),
				dimension("unit", "单位", "Unit", col("mf", "unit")),
				measure("value", "数值", "Value", col("mf", "value")),
				measure("records", "记录数", "Records", col("mf", "n")),
			},
			Drill:   []string{"measure", "subject"},
			Records: []string{"period", "measure", "subject", "value", "unit"},
		},

		{
			Name: "scorecard", Label: i18n.T("三项验证指标", "Validation scorecard"), Table: "metric_scorecard", Alias: "ms",
			Owner: Cast{X: Null{}, To: "BIGINT"},
			Fields: []Field{
				dimension("period", "期间", "Period", col("ms", "period")),
				dimension("metric", "指标", "Metric", col("ms", "metric")),
				dimension("direction", "方向", "Direction", col("ms", "direction")),
				boolField("pass", "达标", "Pass", col("ms", "pass")),
				measure("value", "数值", "Value", col("ms", "value")),
				measure("goal", "目标", "Goal", col("ms", "goal")),
				measure("population", "样本数", "Population", col("ms", "population")),
			},
			Drill:   []string{"metric"},
			Records: []string{"period", "metric", "value", "goal", "pass"},
		},
	}
}
