package metrics

import (
	"fmt"
	"strings"

	"salesbi/i18n"
	"salesbi/metrics/alerts"
)

// SuggestedActions are the three "act now" steps for a customer under the
// B threshold (DESIGN.md; the article's 重新确认采购计划 / 联系财务核实预算 /
// 预约技术二次对接).
var SuggestedActions = []i18n.Text{
	i18n.T("重新确认采购计划", "Re-confirm the purchase plan"),
	i18n.T("联系财务核实预算", "Verify the budget with finance"),
	i18n.T("预约技术二次对接", "Book a second technical meeting"),
}

// dropAlert is the message to the owner's manager when one customer falls
// into C after a sync.
func dropAlert(d Drop, gradeB float64, baseURL string) alerts.Alert {
	var b strings.Builder
	fmt.Fprintf(&b, "客户 **%s**（#%d）健康分 %.1f → <font color=\"warning\">%.1f</font>，等级 %s → C（低于 %.0f）\n",
		d.Name, d.CustomerID, d.FromScore, d.Score, d.FromGrade, gradeB)
	if d.OwnerName != "" {
		fmt.Fprintf(&b, "> 负责人：%s\n", d.OwnerName)
	}
	b.WriteString("\n**需立即行动**：\n")
	for i, a := range SuggestedActions {
		fmt.Fprintf(&b, "%d. %s\n", i+1, a.In(i18n.ZH)) // manager messages are in zh-CN
	}
	if baseURL != "" {
		fmt.Fprintf(&b, "\n[查看客户](%s/customers/%d)\n", strings.TrimRight(baseURL, "/"), d.CustomerID)
	}
	a := alerts.Alert{Kind: alerts.KindDrop, Title: fmt.Sprintf("客户健康预警：%s 降为 C 级", d.Name), Body: b.String()}
	id := d.CustomerID
	a.CustomerID = &id
	if d.ManagerRepID.Valid {
		m := d.ManagerRepID.Int64
		a.ManagerRepID = &m
	}
	return a
}

// summaryAlert is the one message a settings edit sends when it moves
// customers into C (never one per customer).
func summaryAlert(drops []Drop, by string, version int64, baseURL string) alerts.Alert {
	var b strings.Builder
	fmt.Fprintf(&b, "%s 修改了健康评分权重/阈值（版本 %d），**%d** 个客户降为 C 级：\n", by, version, len(drops))
	for i, d := range drops {
		if i == 10 {
			fmt.Fprintf(&b, "- ……另 %d 个\n", len(drops)-10)
			break
		}
		fmt.Fprintf(&b, "- %s（#%d）%s → C，%.1f\n", d.Name, d.CustomerID, d.FromGrade, d.Score)
	}
	if baseURL != "" {
		fmt.Fprintf(&b, "\n[评分设置](%s/settings/scoring)\n", strings.TrimRight(baseURL, "/"))
	}
	return alerts.Alert{Kind: alerts.KindSummary, Title: fmt.Sprintf("评分设置变更：%d 个客户降为 C 级", len(drops)), Body: b.String()}
}
