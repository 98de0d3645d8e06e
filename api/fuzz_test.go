package api

import (
	"testing"

	rl "reliefledger"
	"reliefledger/ledger"
)

// FuzzDecodeEntry feeds any bytes to the journal route's decoding and
// parsing: nothing panics, and what gets through is text the rule accepts,
// dates in range and amounts that fit the database, so no such entry can
// fail a group commit.
func FuzzDecodeEntry(f *testing.F) {
	f.Add([]byte(`{"description":"x","date":"2021-07-20","postings":[{"account":"POOR:1120","amount":"1000"},{"account_id":2,"amount":"-1000"}]}`))
	f.Add([]byte(`{"description":"a\u0000b","postings":[]}`))
	f.Add([]byte(`{"description":"caf` + "\xe9" + `","postings":[{"amount":"1e3"}]}`))
	f.Add([]byte(`{"date":"0000-01-01","postings":[{"account":"POOR","amount":"99999999999999999999999"}]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var req entryCreateJSON
		if err := decodeJSON(b, &req); err != nil {
			if rl.ErrorKind(err) != rl.Invalid {
				t.Fatalf("decode error of kind %v: %v", rl.ErrorKind(err), err)
			}
			return
		}
		in, err := req.input()
		if err != nil {
			if rl.ErrorKind(err) != rl.Invalid {
				t.Fatalf("parse error of kind %v: %v", rl.ErrorKind(err), err)
			}
			return
		}
		if err := rl.CheckText(in.Description); err != nil {
			t.Fatalf("description %q passed: %v", in.Description, err)
		}
		if !in.Date.IsZero() && ledger.CheckDate(in.Date) != nil {
			t.Fatalf("date %s passed", in.Date)
		}
		for _, p := range in.Postings {
			if ledger.CheckDecimal(p.Amount, ledger.MaxScale) != nil || ledger.CheckDecimal(p.Quantity, ledger.MaxScale) != nil {
				t.Fatalf("posting %+v passed", p)
			}
			if rl.CheckText(p.Item) != nil || rl.CheckText(p.Account.Code) != nil || rl.CheckText(p.Account.Fund) != nil {
				t.Fatalf("posting text %+v passed", p)
			}
		}
	})
}
