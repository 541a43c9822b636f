package query

import (
	"salesbi/i18n"
	"salesbi/model"
)

// Datasets over the canonical sales model (model/migrate_v1_canonical.go).
// Each dataset names its base table's owner column for row-level
// restriction and a drill path region → rep → customer → records.
// Derived metric tables get their own file (catalog_metrics.go) in the
// same form; catalog.go composes them into the catalog.

func salesDatasets() []Dataset {
	return []Dataset{
		{
			Name: "leads", Label: i18n.T("线索", "Leads"), Table: "leads", Alias: "l",
			Owner: col("l", "owner_rep_id"),
			Joins: []Join{
				lookup("region", "regions", "rg", col("l", "region_id"), "region_id"),
				lookup("rep", "reps", "rp", col("l", "owner_rep_id"), "rep_id"),
				lookup("customer", "customers", "c", col("l", "customer_id"), "customer_id"),
			},
			Fields: []Field{
				idField("lead_id", "线索编号", "Lead ID", col("l", "lead_id")),
				instant("created_at", "创建时间", "Created", col("l", "created_at")),
				dimension("region", "区域", "Region", col("rg", "name")),
				coded(dimension("channel", "渠道", "Channel", col("l", "channel")), model.KindChannel),
				coded(dimension("status", "状态", "Status", col("l", "status")), model.KindLeadStatus),
				dimension("rep", "销售", "Rep", col("rp", "name")),
				dimension("customer", "客户", "Customer", col("c", "name")),
				coded(dimension("industry", "行业", "Industry", col("c", "industry")), model.KindIndustry),
				instant("first_followed_at", "首次跟进", "First follow-up", col("l", "first_followed_at")),
				instant("last_followed_at", "最近跟进", "Last follow-up", col("l", "last_followed_at")),
				boolField("followed", "已跟进", "Followed up", Paren{IsNull{X: col("l", "first_followed_at"), Not: true}}),
				measure("hours_to_follow", "首次跟进用时(小时)", "Hours to first follow-up",
					hours(minutesBetween(col("l", "created_at"), col("l", "first_followed_at")))),
				boolField("signed_12w", "12周内签约", "Signed within 12 weeks", Paren{signedWithin12Weeks}),
				idField("customer_id", "客户编号", "Customer ID", col("l", "customer_id")),
			},
			Drill:   []string{"region", "rep", "customer"},
			Records: []string{"created_at", "lead_id", "region", "channel", "status", "rep", "customer_id", "customer"},
		},

		{
			Name: "opportunities", Label: i18n.T("商机", "Opportunities"), Table: "opportunities", Alias: "o",
			Owner: col("o", "owner_rep_id"),
			Joins: []Join{
				lookup("rep", "reps", "rp", col("o", "owner_rep_id"), "rep_id"),
				lookup("region", "regions", "rg", col("rp", "region_id"), "region_id"),
				lookup("customer", "customers", "c", col("o", "customer_id"), "customer_id"),
			},
			Fields: []Field{
				idField("opp_id", "商机编号", "Opportunity ID", col("o", "opp_id")),
				instant("created_at", "创建时间", "Created", col("o", "created_at")),
				instant("closed_at", "关闭时间", "Closed", col("o", "closed_at")),
				date("planned_sign_date", "计划签约日", "Planned signing", col("o", "planned_sign_date")),
				coded(dimension("stage", "阶段", "Stage", col("o", "stage")), model.KindStage),
				coded(dimension("outcome", "结果", "Outcome", col("o", "outcome")), model.KindOutcome),
				coded(dimension("lost_reason", "丢单原因", "Lost reason", col("o", "lost_reason")), model.KindLostReason),
				dimension("rep", "销售", "Rep", col("rp", "name")),
				dimension("region", "区域", "Region", col("rg", "name")),
				dimension("customer", "客户", "Customer", col("c", "name")),
				coded(dimension("industry", "行业", "Industry", col("c", "industry")), model.KindIndustry),
				measure("amount", "金额", "Amount", asDouble(col("o", "amount"))),
			},
			Drill:   []string{"region", "rep", "customer"},
			Records: []string{"created_at", "opp_id", "customer", "rep", "stage", "outcome", "amount"},
		},

		{
			Name: "visits", Label: i18n.T("拜访", "Visits"), Table: "visits", Alias: "v",
			Owner: col("v", "rep_id"),
			Joins: []Join{
				lookup("rep", "reps", "rp", col("v", "rep_id"), "rep_id"),
				lookup("region", "regions", "rg", col("rp", "region_id"), "region_id"),
				lookup("customer", "customers", "c", col("v", "customer_id"), "customer_id"),
			},
			Fields: []Field{
				idField("visit_id", "拜访编号", "Visit ID", col("v", "visit_id")),
				instant("visited_at", "拜访时间", "Visited", col("v", "visited_at")),
				instant("recorded_at", "录入时间", "Recorded", col("v", "recorded_at")),
				coded(dimension("purpose", "目的", "Purpose", col("v", "purpose")), model.KindPurpose),
				dimension("rep", "销售", "Rep", col("rp", "name")),
				dimension("region", "区域", "Region", col("rg", "name")),
				dimension("customer", "客户", "Customer", col("c", "name")),
				coded(dimension("industry", "行业", "Industry", col("c", "industry")), model.KindIndustry),
				idField("customer_id", "客户编号", "Customer ID", col("v", "customer_id")),
				measure("entry_hours", "录入延迟(小时)", "Entry latency (h)",
					hours(minutesBetween(col("v", "visited_at"), col("v", "recorded_at")))),
			},
			Drill:   []string{"region", "rep", "customer"},
			Records: []string{"visited_at", "visit_id", "rep", "customer_id", "customer", "purpose", "recorded_at"},
		},

		{
			// A signing is credited to the owner of the contract's
			// opportunity (who won the deal), and to the customer's owner
			// when the contract has none; its region is that rep's region.
			// So region → rep → customer adds up, and a rep who took over a
			// book keeps the signings of the deals they did not win out of
			// their figures.
			Name: "contracts", Label: i18n.T("合同", "Contracts"), Table: "contracts", Alias: "ct",
			Owner: fn("coalesce", col("o", "owner_rep_id"), col("c", "owner_rep_id")),
			Joins: []Join{
				lookup("customer", "customers", "c", col("ct", "customer_id"), "customer_id"),
				lookup("opp", "opportunities", "o", col("ct", "opp_id"), "opp_id"),
				lookup("opp_rep", "reps", "rpo", col("o", "owner_rep_id"), "rep_id"),
				lookup("customer_rep", "reps", "rpc", col("c", "owner_rep_id"), "rep_id"),
				lookup("opp_region", "regions", "rgo", col("rpo", "region_id"), "region_id"),
				lookup("customer_region", "regions", "rgc", col("rpc", "region_id"), "region_id"),
			},
			Fields: []Field{
				idField("contract_id", "合同编号", "Contract ID", col("ct", "contract_id")),
				instant("signed_at", "签约时间", "Signed", col("ct", "signed_at")),
				instant("recorded_at", "录入时间", "Recorded", col("ct", "recorded_at")),
				boolField("is_renewal", "续约", "Renewal", Paren{IsNull{X: col("ct", "renewal_of"), Not: true}}),
				dimension("customer", "客户", "Customer", col("c", "name")),
				coded(dimension("industry", "行业", "Industry", col("c", "industry")), model.KindIndustry),
				dimension("rep", "销售", "Rep", creditedTo(col("rpo", "name"), col("rpc", "name"))),
				dimension("region", "区域", "Region", creditedTo(col("rgo", "name"), col("rgc", "name"))),
				idField("opp_id", "商机编号", "Opportunity ID", col("ct", "opp_id")),
				idField("customer_id", "客户编号", "Customer ID", col("ct", "customer_id")),
				measure("amount", "合同金额", "Contract amount", asDouble(col("ct", "amount"))),
			},
			Drill:   []string{"region", "rep", "customer"},
			Records: []string{"signed_at", "contract_id", "customer_id", "customer", "rep", "amount"},
		},

		{
			Name: "customers", Label: i18n.T("客户", "Customers"), Table: "customers", Alias: "c",
			Owner: col("c", "owner_rep_id"),
			Joins: []Join{
				lookup("region", "regions", "rg", col("c", "region_id"), "region_id"),
				lookup("rep", "reps", "rp", col("c", "owner_rep_id"), "rep_id"),
			},
			Fields: []Field{
				idField("customer_id", "客户编号", "Customer ID", col("c", "customer_id")),
				dimension("customer", "客户", "Customer", col("c", "name")),
				coded(dimension("industry", "行业", "Industry", col("c", "industry")), model.KindIndustry),
				dimension("region", "区域", "Region", col("rg", "name")),
				dimension("rep", "负责销售", "Owner rep", col("rp", "name")),
				dimension("static_tier", "静态分级", "Static tier", col("c", "static_tier")),
				instant("created_at", "创建时间", "Created", col("c", "created_at")),
				measure("annual_purchase", "年采购额", "Annual purchase", asDouble(col("c", "annual_purchase"))),
			},
			Drill:   []string{"region", "rep", "customer"},
			Records: []string{"created_at", "customer_id", "customer", "industry", "region", "rep", "static_tier", "annual_purchase"},
		},
	}
}

// creditedTo is a contract's value from the opportunity owner's side when
// the contract has an opportunity with an owner, else from the customer
// owner's side (the contracts dataset's attribution).
func creditedTo(opp, customer Expr) Expr {
	return Case{Whens: []When{{Cond: IsNull{X: col("o", "owner_rep_id"), Not: true}, Then: opp}}, Else: customer}
}

// signedWithin12Weeks is the 12-week cohort test of a lead (DESIGN.md
// "Conversion"): the lead's customer signed a new contract (not a
// renewal) within 84 days of the lead's creation, for an opportunity
// opened at or after the lead. The subquery is uncorrelated (the leads
// that pass, by id), so it stays one semi-join whatever the plan's form.
var signedWithin12Weeks = InSelect{X: col("l", "lead_id"), Sub: &Select{
	Items: []Item{item(col("sl", "lead_id"), "")},
	From:  &Rel{Name: "leads", Alias: "sl"},
	Joins: []JoinClause{
		{Kind: InnerJoin, Rel: Rel{Name: "contracts", Alias: "sk"}, On: eq(col("sk", "customer_id"), col("sl", "customer_id"))},
		{Kind: InnerJoin, Rel: Rel{Name: "opportunities", Alias: "so"}, On: eq(col("so", "opp_id"), col("sk", "opp_id"))},
	},
	Where: []Expr{
		IsNull{X: col("sk", "renewal_of")},
		Bin{Op: ">=", L: col("so", "created_at"), R: col("sl", "created_at")},
		Bin{Op: ">=", L: col("sk", "signed_at"), R: col("sl", "created_at")},
		Bin{Op: "<", L: col("sk", "signed_at"), R: Bin{Op: "+", L: col("sl", "created_at"), R: Interval{N: 84, Unit: "DAY"}}},
	},
	Inline: true,
}}
