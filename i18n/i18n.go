// Package i18n is the one bilingual text type and the one locale rule of
// salesbi. Every name a person reads — a code's label, a catalog field, a
// board title, a page string, a message — is a Text, and every choice of
// language goes through In or IsEnglish, so there is exactly one answer to
// "which language does this caller get".
package i18n

import "strings"

// The two locales salesbi speaks. Anything that is not English is zh-CN,
// the product's default language.
const (
	ZH = "zh-CN"
	EN = "en"
)

// Text is one thing said in both supported languages.
type Text struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// T builds a Text; it reads well in tables of labels.
func T(zh, en string) Text { return Text{ZH: zh, EN: en} }

// In returns the text for locale: English for "en" and "en-…", zh-CN for
// anything else.
func (t Text) In(locale string) string {
	if IsEnglish(locale) {
		return t.EN
	}
	return t.ZH
}

// IsEnglish is the locale rule: "en", "en-US", "en_GB", "EN" are English;
// everything else (zh-CN, zh, "") is Chinese.
func IsEnglish(locale string) bool {
	return len(locale) >= 2 && strings.EqualFold(locale[:2], "en") &&
		(len(locale) == 2 || locale[2] == '-' || locale[2] == '_')
}

// Normalize maps a requested language to one of the two locales; ok is
// false when s names neither (the caller keeps its default then).
func Normalize(s string) (locale string, ok bool) {
	switch {
	case s == "":
		return "", false
	case IsEnglish(s):
		return EN, true
	case strings.EqualFold(s, "zh") || strings.HasPrefix(strings.ToLower(s), "zh-") || strings.HasPrefix(strings.ToLower(s), "zh_"):
		return ZH, true
	}
	return "", false
}
