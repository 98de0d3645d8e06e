package rules

import (
	"testing"

	"reliefledger/ledger"
)

func TestInForceBoundaries(t *testing.T) {
	for _, tc := range []struct {
		date string
		want string // "" when none
	}{
		{"2008-06-05", ""},
		{"2008-06-06", Decree64},
		{"2021-08-01", Decree64},
		{"2021-12-10", Decree64},
		{"2021-12-11", Decree93},
		{"2022-01-01", Decree93},
		{"2100-12-31", Decree93},
	} {
		d, err := ledger.ParseDate(tc.date)
		if err != nil {
			t.Fatal(err)
		}
		set, ok := InForce(d)
		if got := set.Code; got != tc.want || ok != (tc.want != "") {
			t.Errorf("InForce(%s) = %q, %v; want %q", tc.date, got, ok, tc.want)
		}
	}
}

// TestStandardSources: the table never overlaps, states every parameter,
// and a parameter is known only with quoted words traced to a clause or a
// published summary;
// an unknown one has no value and says why.
func TestStandardSources(t *testing.T) {
	for i, s := range Standard {
		if i > 0 && !Standard[i-1].To.AddDays(1).Equal(s.From) {
			t.Errorf("%s does not start the day after %s ends", s.Code, Standard[i-1].Code)
		}
		if s.Code == "" || s.Number == "" || s.Name == "" || s.Effective == "" {
			t.Errorf("%s: code, number, name and effective are required", s.Code)
		}
		seen := map[string]bool{}
		for _, p := range s.Parameters {
			seen[p.Key] = true
			if p.Source.Document != s.Number {
				t.Errorf("%s %s: source document %q, want %q", s.Code, p.Key, p.Source.Document, s.Number)
			}
			if p.Known && !p.Source.Traced() {
				t.Errorf("%s %s is known without its quoted words and either article and clause or a published summary", s.Code, p.Key)
			}
			if p.Known && p.Unit == "days" && (p.Days <= 0 || p.CountsFrom == "") {
				t.Errorf("%s %s is a known period without days or what it counts from", s.Code, p.Key)
			}
			if !p.Known && (p.Days != 0 || p.Text != "" || p.Value() != "unknown" || p.Note == "") {
				t.Errorf("%s %s is unknown but has a value, or no note: %+v", s.Code, p.Key, p)
			}
		}
		for _, k := range ParameterKeys {
			if !seen[k] {
				t.Errorf("%s does not state %s", s.Code, k)
			}
		}
	}
}

func TestDeadline(t *testing.T) {
	d := func(s string) ledger.Date {
		v, err := ledger.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	known := Book{{Code: "TEST", Number: "1/2020/TEST", From: d("2020-01-01"), Parameters: []Parameter{
		{Key: DeliveryDeadline, Known: true, Days: 20, Unit: "days", CountsFrom: FromEndOfReceiving,
			Source: Source{Document: "1/2020/TEST", Article: "12", Clause: "2", Quote: "trong thời hạn 20 ngày"}},
	}}}
	c := Campaign{Code: "X", From: d("2021-07-01"), To: d("2021-09-30"), RuleSet: "TEST"}
	got := NewService(nil, nil, known, nil).Deadline(c)
	if !got.Param.Known || !got.DueBy.Equal(d("2021-10-20")) {
		t.Errorf("known deadline: due %s (known %v), want 2021-10-20", got.DueBy, got.Param.Known)
	}
	if want := "20 days from the end of receiving (1/2020/TEST, Article 12, clause 2)"; got.Rule() != want {
		t.Errorf("rule %q, want %q", got.Rule(), want)
	}
	c.RuleSet = Decree64
	got = NewService(nil, nil, nil, nil).Deadline(c)
	if got.Param.Known || !got.DueBy.IsZero() || got.RuleSet.Code != Decree64 {
		t.Errorf("Decree 64's deadline is unknown, got %+v", got)
	}
}
