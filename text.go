package reliefledger

import (
	"fmt"
	"unicode/utf8"
)

// CheckText is the one rule for text that comes in at any edge (JSON
// bodies, query parameters, CSV and XLSX cells), the same on both
// databases: valid UTF-8, no NUL or other C0 control character but tab,
// line feed and carriage return, no DEL, and no U+FFFD (the mark of text
// that was not valid UTF-8 before something replaced it). PostgreSQL
// refuses a NUL that SQLite would store, so one bad string must be stopped
// here, where it can fail its own request alone. The message is for users.
func CheckText(s string) error {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
				return fmt.Errorf("contains a control character (U+%04X) at byte %d", c, i)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			return fmt.Errorf("is not valid UTF-8 (byte %d)", i)
		case r == utf8.RuneError:
			return fmt.Errorf("contains U+FFFD at byte %d: text that was not valid UTF-8", i)
		}
		i += n
	}
	return nil
}
