package ledger

import (
	"database/sql/driver"
	"fmt"
	"regexp"
	"time"

	"github.com/shopspring/decimal"
)

// VNDScale is the number of decimals the đồng allows: none.
const VNDScale = 0

// maxIntegerDigits bounds amounts far above any real fund (10^20 đồng) and
// keeps every value inside NUMERIC(38) on PostgreSQL.
const maxIntegerDigits = 20

var decimalPattern = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`)

// MaxScale is the most decimals any amount or quantity may have.
const MaxScale = 6

// ParseDecimal parses a plain decimal string as the API accepts it: digits,
// an optional minus sign and an optional fraction of at most scale digits.
// Exponents ("1e3"), signed zero ("-0"), leading zeros, spaces and
// thousands separators are refused. The returned message is for users.
// A scale above MaxScale is read as MaxScale: no amount holds more.
func ParseDecimal(s string, scale int32) (decimal.Decimal, error) {
	scale = min(scale, MaxScale)
	if !decimalPattern.MatchString(s) {
		return decimal.Decimal{}, fmt.Errorf("must be a plain decimal string like \"1500000\" or \"12.5\"")
	}
	if len(s) > 2*maxIntegerDigits+MaxScale {
		return decimal.Decimal{}, fmt.Errorf("is too large (at most %d integer digits)", maxIntegerDigits)
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("must be a plain decimal string")
	}
	if s[0] == '-' && d.IsZero() {
		return decimal.Decimal{}, fmt.Errorf("must not be a negative zero")
	}
	if -d.Exponent() > scale {
		return decimal.Decimal{}, scaleError(scale)
	}
	return d, CheckDecimal(d, scale)
}

// CheckDecimal checks that the value d needs at most scale decimals
// (trailing zeros do not count) and fits the database (at most 20 integer
// digits). The message is for users.
func CheckDecimal(d decimal.Decimal, scale int32) error {
	if !d.Equal(d.Truncate(scale)) {
		return scaleError(scale)
	}
	if intDigits := len(d.Abs().Truncate(0).String()); intDigits > maxIntegerDigits {
		return fmt.Errorf("is too large (at most %d integer digits)", maxIntegerDigits)
	}
	return nil
}

func scaleError(scale int32) error {
	if scale == 0 {
		return fmt.Errorf("must be a whole number (no decimals allowed)")
	}
	return fmt.Errorf("allows at most %d decimals", scale)
}

// Date is a calendar date (the accounting date), without time or zone.
type Date struct{ t time.Time }

// DateLayout is how dates are written in the API and stored in SQLite.
const DateLayout = "2006-01-02"

// Location is the zone of accounting dates: Asia/Ho_Chi_Minh (UTC+7, no DST).
var Location = time.FixedZone("ICT", 7*3600)

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// DateOf returns the accounting date of the instant t in Asia/Ho_Chi_Minh.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Location).Date()
	return NewDate(y, m, d)
}

// The range every accounting date lies in, on both databases (SQLite
// would store year 0, which PostgreSQL refuses).
var (
	MinDate = NewDate(1900, 1, 1)
	MaxDate = NewDate(2100, 12, 31)
)

// ParseDate parses YYYY-MM-DD, between MinDate and MaxDate.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("must be a date like 2021-07-20")
	}
	d := Date{t}
	return d, CheckDate(d)
}

// CheckDate checks that d lies between MinDate and MaxDate. The message is
// for users.
func CheckDate(d Date) error {
	if d.Before(MinDate) || d.After(MaxDate) {
		return fmt.Errorf("must lie between %s and %s", MinDate, MaxDate)
	}
	return nil
}

// Start returns the instant d begins in Asia/Ho_Chi_Minh; DateOf of it is d.
func (d Date) Start() time.Time {
	y, m, dd := d.t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, Location)
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return d.t.Format(DateLayout) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Value stores a date as YYYY-MM-DD text, which both databases accept.
func (d Date) Value() (driver.Value, error) { return d.String(), nil }

// Scan reads a date from a DATE column (PostgreSQL) or text (SQLite).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		y, m, dd := v.Date()
		*d = NewDate(y, m, dd)
		return nil
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	}
	return fmt.Errorf("ledger.Date: cannot scan %T", src)
}

func (d *Date) scanText(s string) error {
	if len(s) >= 10 {
		s = s[:10]
	}
	p, err := ParseDate(s)
	if err != nil {
		return fmt.Errorf("ledger.Date: bad stored date %q", s)
	}
	*d = p
	return nil
}

// MarshalText writes YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Equal reports whether d and e are the same day.
func (d Date) Equal(e Date) bool { return d.t.Equal(e.t) }

// Year returns the date's year.
func (d Date) Year() int { return d.t.Year() }

// Date returns the date's year, month and day, as time.Time.Date does.
func (d Date) Date() (year int, month time.Month, day int) { return d.t.Date() }

// Within reports whether d falls in from..to; a zero end is open.
func (d Date) Within(from, to Date) bool {
	return (from.IsZero() || !d.Before(from)) && (to.IsZero() || !d.After(to))
}

// DaysUntil counts the days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.t.Sub(d.t).Hours() / 24) }
