// Package presets declares the twelve preset dashboards of DESIGN.md as
// data: what each is for, in zh-CN and English, and where it is served.
package presets

import "salesbi/i18n"

// Dashboard is one preset board.
type Dashboard struct {
	ID    string
	Title i18n.Text
	About i18n.Text
	// Ready is true when the board is served; the home page says plainly
	// which boards are still being built rather than linking to a stub.
	Ready bool
}

// Path is where the board is served.
func (d Dashboard) Path() string { return "/dashboards/" + d.ID }

// All lists the twelve boards in the order of DESIGN.md.
var All = []Dashboard{
	{"scorecard", i18n.T("经营总览", "Executive scorecard"), i18n.T("销售额同比与三项验证指标对标目标", "Sales YoY and the three validation metrics against their goals"), false},
	{"standup", i18n.T("晨会看板", "Morning stand-up"), i18n.T("昨日新增有效线索、TOP3未跟进线索、线索渠道占比、昨日拜访与签约", "Yesterday's valid leads by region, top 3 leads not followed up, lead share by channel, yesterday's visits and signings"), true},
	{"health", i18n.T("客户健康度", "Customer health"), i18n.T("等级分布、得分分布、低于70分客户及建议动作、本周等级变化", "Grade distribution, score histogram, customers under 70 with actions, grade changes this week"), false},
	{"accuracy", i18n.T("分级准确率", "Grading accuracy"), i18n.T("健康度分级与静态分级对照实际结果", "Health grade vs static tier against outcomes"), false},
	{"compliance", i18n.T("过程合规", "Process compliance"), i18n.T("按业务员和关卡的合规率、50万以上技术确认率、违规清单", "Compliance by rep and gate, ≥ ¥500k technical-confirmation rate, violations"), false},
	{"lost-deals", i18n.T("丢单归因", "Lost-deal attribution"), i18n.T("丢单与延期按阶段和缺失动作归因", "Lost and delayed deals by stage and missing action"), false},
	{"funnel", i18n.T("漏斗与转化", "Funnel and conversion"), i18n.T("线索到签约周转化率、阶段转化与周期", "Lead→signed conversion by week, stage conversion and cycle time"), false},
	{"activity", i18n.T("活动与结果", "Activity vs results"), i18n.T("人均日拜访与销售额同比", "Visits per rep per day against sales, YoY"), false},
	{"calibration", i18n.T("目标校准", "Target calibration"), i18n.T("设定目标与推荐目标、能力×资源矩阵", "Set vs recommended per rep, capability × heat matrix"), false},
	{"attainment", i18n.T("达成与能力", "Attainment and capability"), i18n.T("达成率及其离散度、能力雷达、培训需求", "Attainment and its spread, capability radar, training needs"), false},
	{"freshness", i18n.T("数据鲜活性", "Data freshness"), i18n.T("停滞、录入延迟、填报率、各表同步延迟", "Staleness, entry latency, fill rate, sync lag per table"), false},
	{"industry", i18n.T("行业热力图", "Industry heatmap"), i18n.T("行业×区域的客户数与收入", "Customers and revenue by industry × region"), false},
}

// ByID finds a board.
func ByID(id string) (Dashboard, bool) {
	for _, d := range All {
		if d.ID == id {
			return d, true
		}
	}
	return Dashboard{}, false
}
