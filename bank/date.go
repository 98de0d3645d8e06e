package bank

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"reliefledger"
	"reliefledger/internal/fold"
	"reliefledger/internal/sheet"
	"reliefledger/ledger"
)

// ParseDate reads a date as banks write it: "2024-09-15", "15/09/2024",
// "15-09-2024", "15.09.2024", "2024/09/15", optionally followed by a time
// ("15/09/2024 10:15:30", "15/09/2024 10:15", "2024-09-15T10:15:30Z"). Day
// and month may have one digit. Slashed dates are day first, as in Vietnam:
// "09/10/2024" is the 9th of October.
//
// A plain number is an Excel date cell ("45550", "45550.4271"): days since
// 1899-12-30 in the 1900 date system, with the time of day as a fraction.
//
// It returns the date and the time as "HH:MM:SS", or "" when s gives none;
// the error is Invalid, with a message for users.
func ParseDate(s string) (date ledger.Date, clock string, err error) {
	d, clock, msg := parseDate(s, true, false)
	if msg != "" {
		return ledger.Date{}, "", reliefledger.Errorf(reliefledger.Invalid, "%s", msg)
	}
	return d.date(), clock, nil
}

// day is a calendar day as read from a statement.
type day struct{ y, m, d int }

func (d day) date() ledger.Date { return ledger.NewDate(d.y, time.Month(d.m), d.d) }

// appendTo appends d as YYYY-MM-DD.
func (d day) appendTo(b []byte) []byte {
	return append(b, byte('0'+d.y/1000), byte('0'+d.y/100%10), byte('0'+d.y/10%10), byte('0'+d.y%10), '-',
		byte('0'+d.m/10), byte('0'+d.m%10), '-', byte('0'+d.d/10), byte('0'+d.d%10))
}

func (d day) String() string { return string(d.appendTo(make([]byte, 0, 10))) }

// parseDate is ParseDate; serial says whether a number is read as an Excel
// serial date, and date1904 picks the workbook's date system for it. msg is
// "" when s is a date.
func parseDate(s string, serial, date1904 bool) (d day, clock, msg string) {
	t := fold.TrimSpace(s)
	bad := func() (day, string, string) {
		if t == "" {
			return day{}, "", "the date is empty"
		}
		return day{}, "", fmt.Sprintf("the date %q is not a date: write it as DD/MM/YYYY (15/09/2024) or YYYY-MM-DD (2024-09-15)", short(t))
	}
	dayPart, timePart := t, ""
	if i := strings.IndexAny(t, " T"); i >= 0 {
		dayPart, timePart = t[:i], strings.TrimSpace(t[i+1:])
	}
	if serial && timePart == "" && isSerial(t) {
		if d, clock, ok := serialDate(t, date1904); ok {
			return d, clock, ""
		}
		return bad()
	}
	y, m, dd, ok := splitDay(dayPart)
	if !ok || !validDay(y, m, dd) {
		return bad()
	}
	if timePart != "" {
		if clock, ok = parseClock(timePart); !ok {
			return bad()
		}
	}
	return day{y, m, dd}, clock, ""
}

// splitDay reads "YYYY-MM-DD", "YYYY/MM/DD", "D/M/YYYY", "D-M-YYYY" or
// "D.M.YYYY".
func splitDay(s string) (y, m, d int, ok bool) {
	i := strings.IndexAny(s, "/-.")
	if i < 0 {
		return 0, 0, 0, false
	}
	p0, rest, _ := strings.Cut(s, s[i:i+1])
	p1, p2, ok := strings.Cut(rest, s[i:i+1])
	if !ok || strings.Contains(p2, s[i:i+1]) {
		return 0, 0, 0, false
	}
	a, okA := digits(p0, 1, 4)
	b, okB := digits(p1, 1, 2)
	c, okC := digits(p2, 1, 4)
	switch {
	case !okA || !okB || !okC:
		return 0, 0, 0, false
	case len(p0) == 4 && len(p2) <= 2:
		return a, b, c, true
	case len(p0) <= 2 && len(p2) == 4:
		return c, b, a, true
	}
	return 0, 0, 0, false
}

// digits reads s as a number of minLen to maxLen ASCII digits.
func digits(s string, minLen, maxLen int) (int, bool) {
	if len(s) < minLen || len(s) > maxLen {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func validDay(y, m, d int) bool {
	// The accounting range (ledger.MinDate … ledger.MaxDate).
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// parseClock reads "H:MM", "HH:MM:SS", with optional fractional seconds and
// a "Z" as ISO 8601 writes them; the fraction is dropped.
func parseClock(s string) (string, bool) {
	s = strings.TrimSuffix(s, "Z")
	if i := strings.IndexByte(s, '.'); i >= 0 {
		if _, ok := digits(s[i+1:], 1, 9); !ok {
			return "", false
		}
		s = s[:i]
	}
	hh, rest, ok := strings.Cut(s, ":")
	if !ok {
		return "", false
	}
	mm, ss, hasSeconds := strings.Cut(rest, ":")
	h, okH := digits(hh, 1, 2)
	m, okM := digits(mm, 2, 2)
	sec, okS := 0, true
	if hasSeconds {
		sec, okS = digits(ss, 2, 2)
	}
	if !okH || !okM || !okS || h > 23 || m > 59 || sec > 59 {
		return "", false
	}
	return formatClock(h*3600 + m*60 + sec), true
}

func formatClock(secs int) string {
	h, m, s := secs/3600, secs/60%60, secs%60
	return string([]byte{byte('0' + h/10), byte('0' + h%10), ':', byte('0' + m/10), byte('0' + m%10), ':', byte('0' + s/10), byte('0' + s%10)})
}

// isSerial reports whether s looks like an Excel serial date: digits, not
// starting with 0, with an optional fraction.
func isSerial(s string) bool {
	whole, frac, hasFrac := strings.Cut(s, ".")
	if _, ok := digits(whole, 1, 7); !ok || whole[0] == '0' {
		return false
	}
	if hasFrac {
		_, ok := digits(frac, 1, 17)
		return ok
	}
	return true
}

// serialDate converts an Excel serial date; see sheet.SerialTime.
func serialDate(s string, date1904 bool) (d day, clock string, ok bool) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return day{}, "", false
	}
	t, ok := sheet.SerialTime(v, date1904)
	if !ok {
		return day{}, "", false
	}
	if secs := t.Hour()*3600 + t.Minute()*60 + t.Second(); secs > 0 {
		clock = formatClock(secs)
	}
	if !validDay(t.Year(), int(t.Month()), t.Day()) {
		return day{}, "", false
	}
	return day{t.Year(), int(t.Month()), t.Day()}, clock, true
}
