package story

import "reliefledger/rules"

// campaigns records the two appeals of the story: the Covid-19
// fund's appeal of July–September 2021 and the Poor Fund's of July–August
// 2021, both under the rule set in force on their first day (Decree
// 64/2008/NĐ-CP). Skipped when the story runs without the campaigns
// service.
func (l *loader) campaigns() {
	if l.err != nil || l.s.Campaigns == nil {
		return
	}
	for _, in := range []rules.Input{
		{Code: "COVID-2021", Fund: "COVID", Name: "[demo] Vận động ủng hộ phòng, chống dịch Covid-19 năm 2021",
			From: day(7, 1), To: day(9, 30), Target: vnd(5_000_000_000)},
		{Code: "POOR-2021", Fund: "POOR", Name: "[demo] Vận động Quỹ Vì người nghèo năm 2021",
			From: day(7, 1), To: day(8, 31), Target: vnd(2_000_000_000)},
	} {
		_, _, err := l.s.Campaigns.Create(l.ctx, l.officer, in)
		l.fail("campaign "+in.Code, err)
	}
}
