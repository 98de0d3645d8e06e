package access

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	rl "reliefledger"
)

// PasswordParams are the argon2id costs of a new password hash. A stored
// hash names its own costs (PHC string), so raising these later leaves old
// hashes checkable.
type PasswordParams struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultPasswordParams follow OWASP's argon2id minimum (19 MiB, 2 passes,
// 1 lane): some tens of milliseconds per sign-in on the province's server.
var DefaultPasswordParams = PasswordParams{Memory: 19 * 1024, Time: 2, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32
	// MinPasswordLen is the shortest password accepted: long enough that the
	// ten guesses before a lockout are hopeless, short enough to type.
	MinPasswordLen = 10
	maxPasswordLen = 256 // bytes; argon2 takes any length, a form need not
)

// HashPassword returns the PHC string of password under p with a fresh
// random salt: $argon2id$v=19$m=…,t=…,p=…$salt$hash.
func HashPassword(password string, p PasswordParams) string {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		panic("access: no randomness: " + err.Error())
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// CheckPassword reports whether password matches the PHC string phc,
// comparing in constant time. A malformed or unknown hash never matches.
func CheckPassword(phc, password string) bool {
	p, salt, want, ok := parsePHC(phc)
	if !ok {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

func parsePHC(phc string) (p PasswordParams, salt, key []byte, ok bool) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, nil, nil, false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, false
	}
	// Bounds keep a tampered row from making one sign-in cost a gigabyte.
	if p.Memory < 8 || p.Memory > 1<<20 || p.Time < 1 || p.Time > 20 || p.Threads < 1 {
		return p, nil, nil, false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 {
		return p, nil, nil, false
	}
	return p, salt, key, true
}

// commonPasswords are refused whatever their length; the list is short on
// purpose: the length rule and the lockout do the rest.
var commonPasswords = map[string]bool{
	"1234567890": true, "0123456789": true, "12345678910": true, "123456789a": true, "qwertyuiop": true,
	"password123": true, "password1234": true, "matkhau123": true, "matkhau1234": true, "admin12345": true,
	"administrator": true, "1111111111": true, "abc1234567": true, "iloveyou123": true, "soctrang2021": true,
}

// CheckPasswordRule returns Invalid, naming the field "password", when a
// new password is too short or too long, is mostly one character, contains
// the username, or is a well-known password.
func CheckPasswordRule(password, username string) error {
	n := utf8.RuneCountInString(password)
	distinct := map[rune]bool{}
	for _, r := range password {
		distinct[r] = true
	}
	lower := strings.ToLower(password)
	var msg string
	switch {
	case n < MinPasswordLen:
		msg = fmt.Sprintf("must be at least %d characters (a short sentence is easiest to remember); it has %d", MinPasswordLen, n)
	case len(password) > maxPasswordLen:
		msg = fmt.Sprintf("must be at most %d bytes", maxPasswordLen)
	case !utf8.ValidString(password):
		msg = "is not valid UTF-8"
	case len(distinct) < 5:
		msg = "must use at least 5 different characters"
	case username != "" && strings.Contains(lower, strings.ToLower(username)):
		msg = "must not contain the username"
	case commonPasswords[lower]:
		msg = "is a well-known password; choose another"
	default:
		return nil
	}
	return rl.InvalidFields(rl.FieldError{Field: "password", Message: msg})
}

// NewPassword returns a random password that is easy to type: four groups
// of five lower-case letters and digits (about 103 bits), for a first
// sign-in that should be followed by a change.
func NewPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789" // no l, o, 0, 1
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic("access: no randomness: " + err.Error())
	}
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%5 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return sb.String()
}
