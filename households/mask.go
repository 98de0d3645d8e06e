package households

import "strings"

// Mask hides the middle of an identity or phone number, keeping the first
// four and the last two characters: "079123456723" → "0791******23". Short
// values are hidden whole.
func Mask(s string) string {
	n := len([]rune(s))
	if n == 0 {
		return ""
	}
	if n <= 6 {
		return strings.Repeat("*", n)
	}
	r := []rune(s)
	return string(r[:4]) + strings.Repeat("*", n-6) + string(r[n-2:])
}

// Masked returns h with its national ID and phone masked.
func Masked(h Household) Household {
	h.NationalID = Mask(h.NationalID)
	h.Phone = Mask(h.Phone)
	return h
}
