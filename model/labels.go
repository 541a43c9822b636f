package model

import "salesbi/i18n"

// Label kinds: the code families stored in the canonical tables.
const (
	KindChannel    = "channel"     // leads.channel
	KindLeadStatus = "lead_status" // leads.status
	KindIndustry   = "industry"    // customers.industry
	KindSegment    = "segment"     // markets.segment (same codes as industry)
	KindStage      = "stage"       // opportunities.stage, stage_history
	KindOutcome    = "outcome"     // opportunities.outcome
	KindLostReason = "lost_reason" // opportunities.lost_reason
	KindAction     = "action"      // key_actions.action and the derived requirements_approved
	KindPurpose    = "purpose"     // visits.purpose
	KindLevel      = "level"       // reps.level
	KindRole       = "role"        // users.role
)

var industryLabels = map[string]i18n.Text{
	"higher_ed":     i18n.T("高校", "Higher education"),
	"k12":           i18n.T("K12教育", "K12 education"),
	"hospital":      i18n.T("医院", "Hospitals"),
	"manufacturing": i18n.T("制造业", "Manufacturing"),
	"government":    i18n.T("政府机关", "Government"),
	"energy":        i18n.T("能源", "Energy"),
	"finance":       i18n.T("金融", "Finance"),
	"retail":        i18n.T("零售", "Retail"),
}

// Labels maps a kind and a code to its label. Codes are what the model
// stores (lower-case English words); pages look labels up here so a code
// never reaches a person untranslated.
var Labels = map[string]map[string]i18n.Text{
	KindChannel: {
		"website":       i18n.T("官网", "Website"),
		"referral":      i18n.T("客户转介绍", "Referral"),
		"exhibition":    i18n.T("展会", "Exhibition"),
		"telemarketing": i18n.T("电话营销", "Telemarketing"),
		"partner":       i18n.T("渠道伙伴", "Partner"),
		"wechat":        i18n.T("微信", "WeChat"),
		"tender":        i18n.T("招标平台", "Tender platform"),
	},
	KindLeadStatus: {
		"new":       i18n.T("新线索", "New"),
		"valid":     i18n.T("有效", "Valid"),
		"invalid":   i18n.T("无效", "Invalid"),
		"converted": i18n.T("已转化", "Converted"),
	},
	KindIndustry: industryLabels,
	KindSegment:  industryLabels,
	KindStage: {
		"lead":        i18n.T("线索", "Lead"),
		"qualified":   i18n.T("需求确认", "Qualified"),
		"solution":    i18n.T("方案/技术确认", "Solution"),
		"quote":       i18n.T("报价", "Quote"),
		"negotiation": i18n.T("商务谈判", "Negotiation"),
		"contract":    i18n.T("合同", "Contract"),
		"won":         i18n.T("赢单", "Won"),
		"lost":        i18n.T("输单", "Lost"),
	},
	KindOutcome: {
		"open": i18n.T("进行中", "Open"),
		"won":  i18n.T("赢单", "Won"),
		"lost": i18n.T("输单", "Lost"),
	},
	KindLostReason: {
		"price":                 i18n.T("价格", "Price"),
		"competitor":            i18n.T("竞争对手", "Competitor"),
		"budget_cut":            i18n.T("预算取消", "Budget cut"),
		"no_decision":           i18n.T("无决策", "No decision"),
		"requirements_mismatch": i18n.T("需求不匹配", "Requirements mismatch"),
		"timing":                i18n.T("时机不成熟", "Timing"),
		"relationship":          i18n.T("关系不到位", "Relationship"),
	},
	KindAction: {
		ActionTechSolutionSigned:   i18n.T("技术方案双方签字", "Technical solution signed"),
		ActionQuoteCosted:          i18n.T("报价关联成本核算", "Quote costed"),
		ActionRequirementsApproved: i18n.T("需求变更已审批", "Requirements approved"),
		ActionLegalReviewed:        i18n.T("合同法务审核", "Legal reviewed"),
	},
	KindPurpose: {
		"first_visit":    i18n.T("初次拜访", "First visit"),
		"needs_analysis": i18n.T("需求调研", "Needs analysis"),
		"solution_demo":  i18n.T("方案演示", "Solution demo"),
		"tech_exchange":  i18n.T("技术交流", "Technical exchange"),
		"negotiation":    i18n.T("商务谈判", "Negotiation"),
		"relationship":   i18n.T("关系维护", "Relationship"),
		"after_sales":    i18n.T("售后服务", "After-sales"),
		"collection":     i18n.T("回款催收", "Payment collection"),
	},
	KindLevel: {
		"director":       i18n.T("销售总监", "Sales director"),
		"region_manager": i18n.T("大区经理", "Region manager"),
		"team_lead":      i18n.T("销售主管", "Team lead"),
		"senior_rep":     i18n.T("高级销售", "Senior rep"),
		"rep":            i18n.T("销售代表", "Sales rep"),
	},
	KindRole: {
		RoleAdmin:    i18n.T("管理员", "Admin"),
		RoleDirector: i18n.T("销售总监", "Director"),
		RoleManager:  i18n.T("经理", "Manager"),
		RoleAnalyst:  i18n.T("分析师", "Analyst"),
		RoleRep:      i18n.T("销售", "Rep"),
	},
}

// LabelOf returns the label of code in lang (i18n's locale rule); an
// unknown code comes back as itself so nothing is hidden.
func LabelOf(kind, code, lang string) string {
	l, ok := Labels[kind][code]
	if !ok {
		return code
	}
	return l.In(lang)
}
