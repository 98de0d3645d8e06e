package bank

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"reliefledger"
	"reliefledger/internal/fold"
)

// maxAmountDigits bounds an amount to less than 10^18 đồng, which fits an
// int64 and is far beyond any transfer.
const maxAmountDigits = 18

// currencyMarks are the currency words banks put before or after amounts.
var currencyMarks = []string{"VNĐ", "VND", "đồng", "đ", "₫"}

// ParseAmount reads an amount as Vietnamese banks write it: "1500000",
// "1.500.000", "1,500,000", "1 500 000", "1.500.000,00", "1,500,000.00",
// with an optional sign ("+1.500.000", "-250.000"), parentheses for a
// negative ("(250.000)") and a currency mark ("1500000 VND", "1.500.000đ").
//
// The đồng has no decimals, so a non-zero fraction is refused. A single
// separator followed by exactly three digits ("1.500", "1,500") groups
// thousands; one followed by other digits is a decimal separator, accepted
// only before zeros ("1500000.00"); "1.5" and "1,50" are refused as
// ambiguous, and so are "0.500" and "1500.000", whose grouping is not that
// of thousands. It returns an Invalid error whose message is for users.
func ParseAmount(s string) (decimal.Decimal, error) {
	n, p := parseAmount(s)
	if p.msg != "" {
		return decimal.Decimal{}, reliefledger.Errorf(reliefledger.Invalid, "%s", p.msg)
	}
	return decimal.NewFromInt(n), nil
}

// amountProblem says why an amount was refused; msg is "" for none.
type amountProblem struct {
	msg       string
	ambiguous bool
	notNumber bool // msg is still to be written
}

// parseAmount is ParseAmount returning whole đồng.
func parseAmount(s string) (int64, amountProblem) {
	t := fold.TrimSpace(s)
	if t == "" {
		return 0, amountProblem{msg: "the amount is empty"}
	}
	notNumber := func() (int64, amountProblem) {
		return 0, amountProblem{notNumber: true, msg: fmt.Sprintf("the amount %q is not a number", short(t))}
	}
	neg := false
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
		neg, t = true, fold.TrimSpace(t[1:len(t)-1])
	}
	t = stripCurrency(t)
	switch {
	case strings.HasPrefix(t, "+"):
		t = t[1:]
	case strings.HasPrefix(t, "-"), strings.HasPrefix(t, "−"): // hyphen or U+2212
		if neg {
			return notNumber() // "(-250.000)"
		}
		_, size := utf8.DecodeRuneInString(t)
		neg, t = true, t[size:]
	}
	n, p := parseDigits(stripCurrency(fold.TrimSpace(t)), s)
	switch {
	case p.notNumber:
		return notNumber()
	case neg:
		n = -n
	}
	return n, p
}

// stripCurrency removes a currency mark before or after t.
func stripCurrency(t string) string {
	if t == "" || (isDigit(t[0]) && isDigit(t[len(t)-1])) {
		return t // most amounts
	}
	for _, c := range currencyMarks {
		if len(t) > len(c) && strings.EqualFold(t[len(t)-len(c):], c) {
			return fold.TrimSpace(t[:len(t)-len(c)])
		}
		if len(t) > len(c) && strings.EqualFold(t[:len(c)], c) {
			return fold.TrimSpace(t[len(c):])
		}
	}
	return t
}

// parseDigits reads the unsigned digits and separators of an amount; orig is
// the text to quote in messages.
func parseDigits(t, orig string) (int64, amountProblem) {
	nan := amountProblem{notNumber: true}
	var groupBuf [8]string
	var sepBuf [8]byte
	groups := groupBuf[:0] // runs of digits
	seps := sepBuf[:0]     // '.', ',' or ' ' between them
	for i := 0; i < len(t); {
		j := i
		for j < len(t) && isDigit(t[j]) {
			j++
		}
		if j == i {
			return 0, nan
		}
		groups = append(groups, t[i:j])
		if j == len(t) {
			break
		}
		sep, size := separatorAt(t, j)
		if size == 0 || j+size == len(t) {
			return 0, nan
		}
		seps = append(seps, sep)
		i = j + size
	}
	if len(groups) == 0 {
		return 0, nan
	}
	q := func() string { return short(fold.TrimSpace(orig)) }
	ambiguous := func() (int64, amountProblem) {
		return 0, amountProblem{ambiguous: true, msg: fmt.Sprintf(
			"the amount %q is ambiguous: the đồng has no decimals, so write whole đồng such as 1500000 or 1.500.000", q())}
	}

	integer, fraction := groups, ""
	thousands := seps
	if len(seps) > 0 {
		last := seps[len(seps)-1]
		lastCount := strings.Count(string(seps), string(last))
		mixed := strings.Trim(string(seps), string(last)) != ""
		lastGroup := groups[len(groups)-1]
		switch {
		case last == ' ':
			// spaces only group thousands
		case lastCount == 1 && mixed && len(lastGroup) == 3:
			return ambiguous() // "1.500,000": 1500 or a slip for 1.500.000?
		case lastCount == 1 && (mixed || len(lastGroup) != 3):
			integer, fraction = groups[:len(groups)-1], lastGroup
			thousands = seps[:len(seps)-1]
		case lastCount == 1 && (len(groups[0]) > 3 || groups[0][0] == '0'):
			return ambiguous() // "1500.000", "0.500"
		}
	}
	for i, sep := range thousands {
		if sep != thousands[0] || (i == 0 && (len(integer[0]) > 3 || integer[0][0] == '0')) || len(integer[i+1]) != 3 {
			return 0, amountProblem{msg: fmt.Sprintf("the amount %q has its thousands separators in the wrong places", q())}
		}
	}
	if strings.Trim(fraction, "0") != "" {
		if len(seps) == 1 {
			return ambiguous() // "1.5", "1,50"
		}
		return 0, amountProblem{msg: fmt.Sprintf("the amount %q has a fraction of a đồng, but the đồng has no decimals", q())}
	}
	var n int64
	significant := 0
	for _, g := range integer {
		for k := 0; k < len(g); k++ {
			if significant > 0 || g[k] != '0' {
				significant++
			}
			if significant > maxAmountDigits {
				return 0, amountProblem{msg: fmt.Sprintf("the amount %q is too large", q())}
			}
			n = n*10 + int64(g[k]-'0')
		}
	}
	return n, amountProblem{}
}

// separatorAt returns the separator at t[i] and its size in bytes: '.', ','
// or ' ' for a space, including the non-breaking and thin spaces that
// formatted numbers carry.
func separatorAt(t string, i int) (byte, int) {
	switch t[i] {
	case '.', ',':
		return t[i], 1
	case ' ':
		return ' ', 1
	}
	r, size := utf8.DecodeRuneInString(t[i:])
	if r == '\u00a0' || r == '\u202f' || r == '\u2009' {
		return ' ', size
	}
	return 0, 0
}

// parseStoredAmount reads the number an XLSX cell stores ("1500000",
// "1.5E6", "-250000"): a dot there is always a decimal point. A fraction
// smaller than a millionth is float noise from the program that wrote the
// file and is rounded away.
func parseStoredAmount(v string) (int64, amountProblem) {
	d, err := decimal.NewFromString(fold.TrimSpace(v))
	if err != nil {
		return parseAmount(v)
	}
	r := d.Round(0)
	if !d.Sub(r).Abs().LessThan(decimal.New(1, -6)) {
		return 0, amountProblem{msg: fmt.Sprintf("the amount %q has a fraction of a đồng, but the đồng has no decimals", short(v))}
	}
	if r.Abs().Cmp(decimal.New(1, maxAmountDigits)) >= 0 {
		return 0, amountProblem{msg: fmt.Sprintf("the amount %q is too large", short(v))}
	}
	return r.IntPart(), amountProblem{}
}

// short cuts s to 40 runes for quoting in a message.
func short(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:40]) + "…"
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
