package api

import (
	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/ledger"
)

// parser turns the text of JSON fields, query parameters and form values
// into the domain's types, once, at the edge: the domain takes decimals,
// dates and account references, never strings to parse. Every problem is
// kept with its field, so a client can fix them all at once; what is
// missing is for the domain to judge (a zero value), what is malformed is
// refused here.
type parser struct{ fe rl.Fields }

// decimal parses an amount or a quantity; "" is absent (Valid false).
// Scale limits are the domain's: here any decimal up to ledger.MaxScale
// digits passes.
func (p *parser) decimal(field, s string) decimal.NullDecimal {
	if s == "" {
		return decimal.NullDecimal{}
	}
	d, err := ledger.ParseDecimal(s, ledger.MaxScale)
	if err != nil {
		p.fe.Add(field, "%v", err)
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: d, Valid: true}
}

// required parses an amount that must be given.
func (p *parser) required(field, s, unit string) decimal.Decimal {
	if s == "" {
		p.fe.Add(field, "is required (a decimal string of %s, e.g. \"1500000\")", unit)
		return decimal.Zero
	}
	return p.decimal(field, s).Decimal
}

// date parses YYYY-MM-DD; "" is the zero date.
func (p *parser) date(field, s string) ledger.Date {
	if s == "" {
		return ledger.Date{}
	}
	d, err := ledger.ParseDate(s)
	if err != nil {
		p.fe.Add(field, "%v", err)
	}
	return d
}

// decimals parses a map of decimals (rates or weights by category).
func (p *parser) decimals(field string, m map[string]string) map[string]decimal.Decimal {
	if m == nil {
		return nil
	}
	out := make(map[string]decimal.Decimal, len(m))
	for k, v := range m {
		if d := p.decimal(field+"."+k, v); d.Valid {
			out[k] = d.Decimal
		} else if v == "" {
			p.fe.Add(field+"."+k, "is required")
		}
	}
	return out
}

// err is the problems found, or nil.
func (p *parser) err() error { return p.fe.Err() }
