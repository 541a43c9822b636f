package query

import "salesbi/model"

// Datasets over the canonical sales model (model/migrate_v1_canonical.go).
// Each dataset names its base table's owner column for row-level
// restriction and a drill path region → rep → customer → records.
// Derived metric tables get their own file (catalog_metrics.go) in the
// same form: one Register call per dataset from init.

func init() {
	Register(Dataset{
		Name: "leads", Label: Label{"线索", "Leads"}, Table: "leads", Alias: "l",
		Owner: "l.owner_rep_id",
		Joins: []Join{
			{Name: "region", Table: "regions", SQL: "LEFT JOIN regions rg ON rg.region_id = l.region_id"},
			{Name: "rep", Table: "reps", SQL: "LEFT JOIN reps rp ON rp.rep_id = l.owner_rep_id"},
			{Name: "customer", Table: "customers", SQL: "LEFT JOIN customers c ON c.customer_id = l.customer_id"},
		},
		Fields: []Field{
			idField("lead_id", "线索编号", "Lead ID", "l.lead_id"),
			instant("created_at", "创建时间", "Created", "l.created_at"),
			dimension("region", "区域", "Region", "rg.name", "region"),
			coded(dimension("channel", "渠道", "Channel", "l.channel"), model.KindChannel),
			coded(dimension("status", "状态", "Status", "l.status"), model.KindLeadStatus),
			dimension("rep", "销售", "Rep", "rp.name", "rep"),
			dimension("customer", "客户", "Customer", "c.name", "customer"),
			coded(dimension("industry", "行业", "Industry", "c.industry", "customer"), model.KindIndustry),
			instant("first_followed_at", "首次跟进", "First follow-up", "l.first_followed_at"),
			instant("last_followed_at", "最近跟进", "Last follow-up", "l.last_followed_at"),
			boolField("followed", "已跟进", "Followed up", "(l.first_followed_at IS NOT NULL)"),
			measure("hours_to_follow", "首次跟进用时(小时)", "Hours to first follow-up",
				"("+minutesBetween("l.created_at", "l.first_followed_at")+" / 60.0)"),
		},
		Drill:   []string{"region", "rep", "customer"},
		Records: []string{"created_at", "lead_id", "region", "channel", "status", "rep", "customer"},
	})

	Register(Dataset{
		Name: "opportunities", Label: Label{"商机", "Opportunities"}, Table: "opportunities", Alias: "o",
		Owner: "o.owner_rep_id",
		Joins: []Join{
			{Name: "rep", Table: "reps", SQL: "LEFT JOIN reps rp ON rp.rep_id = o.owner_rep_id"},
			{Name: "region", Table: "regions", SQL: "LEFT JOIN regions rg ON rg.region_id = rp.region_id", Needs: []string{"rep"}},
			{Name: "customer", Table: "customers", SQL: "LEFT JOIN customers c ON c.customer_id = o.customer_id"},
		},
		Fields: []Field{
			idField("opp_id", "商机编号", "Opportunity ID", "o.opp_id"),
			instant("created_at", "创建时间", "Created", "o.created_at"),
			instant("closed_at", "关闭时间", "Closed", "o.closed_at"),
			date("planned_sign_date", "计划签约日", "Planned signing", "o.planned_sign_date"),
			coded(dimension("stage", "阶段", "Stage", "o.stage"), model.KindStage),
			coded(dimension("outcome", "结果", "Outcome", "o.outcome"), model.KindOutcome),
			coded(dimension("lost_reason", "丢单原因", "Lost reason", "o.lost_reason"), model.KindLostReason),
			dimension("rep", "销售", "Rep", "rp.name", "rep"),
			dimension("region", "区域", "Region", "rg.name", "region"),
			dimension("customer", "客户", "Customer", "c.name", "customer"),
			coded(dimension("industry", "行业", "Industry", "c.industry", "customer"), model.KindIndustry),
			measure("amount", "金额", "Amount", "CAST(o.amount AS DOUBLE)"),
		},
		Drill:   []string{"region", "rep", "customer"},
		Records: []string{"created_at", "opp_id", "customer", "rep", "stage", "outcome", "amount"},
	})

	Register(Dataset{
		Name: "visits", Label: Label{"拜访", "Visits"}, Table: "visits", Alias: "v",
		Owner: "v.rep_id",
		Joins: []Join{
			{Name: "rep", Table: "reps", SQL: "LEFT JOIN reps rp ON rp.rep_id = v.rep_id"},
			{Name: "region", Table: "regions", SQL: "LEFT JOIN regions rg ON rg.region_id = rp.region_id", Needs: []string{"rep"}},
			{Name: "customer", Table: "customers", SQL: "LEFT JOIN customers c ON c.customer_id = v.customer_id"},
		},
		Fields: []Field{
			idField("visit_id", "拜访编号", "Visit ID", "v.visit_id"),
			instant("visited_at", "拜访时间", "Visited", "v.visited_at"),
			instant("recorded_at", "录入时间", "Recorded", "v.recorded_at"),
			coded(dimension("purpose", "目的", "Purpose", "v.purpose"), model.KindPurpose),
			dimension("rep", "销售", "Rep", "rp.name", "rep"),
			dimension("region", "区域", "Region", "rg.name", "region"),
			dimension("customer", "客户", "Customer", "c.name", "customer"),
			coded(dimension("industry", "行业", "Industry", "c.industry", "customer"), model.KindIndustry),
			idField("customer_id", "客户编号", "Customer ID", "v.customer_id"),
			measure("entry_hours", "录入延迟(小时)", "Entry latency (h)",
				"("+minutesBetween("v.visited_at", "v.recorded_at")+" / 60.0)"),
		},
		Drill:   []string{"region", "rep", "customer"},
		Records: []string{"visited_at", "visit_id", "rep", "customer", "purpose", "recorded_at"},
	})

	Register(Dataset{
		Name: "contracts", Label: Label{"合同", "Contracts"}, Table: "contracts", Alias: "ct",
		Owner: "c.owner_rep_id", OwnerJoins: []string{"customer"},
		Joins: []Join{
			{Name: "customer", Table: "customers", SQL: "LEFT JOIN customers c ON c.customer_id = ct.customer_id"},
			{Name: "rep", Table: "reps", SQL: "LEFT JOIN reps rp ON rp.rep_id = c.owner_rep_id", Needs: []string{"customer"}},
			{Name: "region", Table: "regions", SQL: "LEFT JOIN regions rg ON rg.region_id = c.region_id", Needs: []string{"customer"}},
		},
		Fields: []Field{
			idField("contract_id", "合同编号", "Contract ID", "ct.contract_id"),
			instant("signed_at", "签约时间", "Signed", "ct.signed_at"),
			instant("recorded_at", "录入时间", "Recorded", "ct.recorded_at"),
			boolField("is_renewal", "续约", "Renewal", "(ct.renewal_of IS NOT NULL)"),
			dimension("customer", "客户", "Customer", "c.name", "customer"),
			coded(dimension("industry", "行业", "Industry", "c.industry", "customer"), model.KindIndustry),
			dimension("rep", "销售", "Rep", "rp.name", "rep"),
			dimension("region", "区域", "Region", "rg.name", "region"),
			measure("amount", "合同金额", "Contract amount", "CAST(ct.amount AS DOUBLE)"),
		},
		Drill:   []string{"region", "rep", "customer"},
		Records: []string{"signed_at", "contract_id", "customer", "rep", "amount"},
	})

	Register(Dataset{
		Name: "customers", Label: Label{"客户", "Customers"}, Table: "customers", Alias: "c",
		Owner: "c.owner_rep_id",
		Joins: []Join{
			{Name: "region", Table: "regions", SQL: "LEFT JOIN regions rg ON rg.region_id = c.region_id"},
			{Name: "rep", Table: "reps", SQL: "LEFT JOIN reps rp ON rp.rep_id = c.owner_rep_id"},
		},
		Fields: []Field{
			idField("customer_id", "客户编号", "Customer ID", "c.customer_id"),
			dimension("customer", "客户", "Customer", "c.name"),
			coded(dimension("industry", "行业", "Industry", "c.industry"), model.KindIndustry),
			dimension("region", "区域", "Region", "rg.name", "region"),
			dimension("rep", "负责销售", "Owner rep", "rp.name", "rep"),
			dimension("static_tier", "静态分级", "Static tier", "c.static_tier"),
			instant("created_at", "创建时间", "Created", "c.created_at"),
			measure("annual_purchase", "年采购额", "Annual purchase", "CAST(c.annual_purchase AS DOUBLE)"),
		},
		Drill:   []string{"region", "rep", "customer"},
		Records: []string{"created_at", "customer_id", "customer", "industry", "region", "rep", "static_tier", "annual_purchase"},
	})
}
