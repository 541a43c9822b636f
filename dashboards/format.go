package dashboards

import (
	"fmt"
	"math"

	"salesbi/i18n"
)

// Money writes yuan the way the reader expects: zh-CN in 万 (85.0万) once
// an amount reaches ten thousand, English in thousands/millions (¥850.0k).
func Money(yuan float64, locale string) string {
	neg := ""
	if yuan < 0 {
		neg, yuan = "-", -yuan
	}
	if i18n.IsEnglish(locale) {
		switch {
		case yuan >= 1e6:
			return fmt.Sprintf("%s¥%.1fM", neg, yuan/1e6)
		case yuan >= 1e3:
			return fmt.Sprintf("%s¥%.1fk", neg, yuan/1e3)
		}
		return fmt.Sprintf("%s¥%.0f", neg, yuan)
	}
	switch {
	case yuan >= 1e8:
		return fmt.Sprintf("%s%.2f亿", neg, yuan/1e8)
	case yuan >= 1e4:
		return fmt.Sprintf("%s%.1f万", neg, yuan/1e4)
	}
	return fmt.Sprintf("%s¥%.0f", neg, yuan)
}

// Pct writes a ratio (0.236) as a percentage with one decimal (23.6%).
func Pct(ratio float64) string {
	if math.IsNaN(ratio) || math.IsInf(ratio, 0) {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", ratio*100)
}
