package i18n

import "testing"

func TestLocaleRule(t *testing.T) {
	english := []string{"en", "EN", "en-US", "en_GB"}
	chinese := []string{"", "zh", "zh-CN", "zh_TW", "e", "eng", "fr"}
	for _, l := range english {
		if !IsEnglish(l) || T("中", "en").In(l) != "en" {
			t.Errorf("%q should be English", l)
		}
	}
	for _, l := range chinese {
		if IsEnglish(l) || T("中", "en").In(l) != "中" {
			t.Errorf("%q should be Chinese", l)
		}
	}
}

func TestNormalize(t *testing.T) {
	cases := map[string]string{"en": EN, "en-US": EN, "zh": ZH, "zh-CN": ZH, "ZH_cn": ZH}
	for in, want := range cases {
		if got, ok := Normalize(in); !ok || got != want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "fr", "english"} {
		if _, ok := Normalize(in); ok {
			t.Errorf("Normalize(%q) should refuse", in)
		}
	}
}
