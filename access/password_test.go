package access_test

import (
	"strings"
	"testing"

	rl "reliefledger"
	"reliefledger/access"
)

// cheap are argon2id costs that keep the tests fast; the PHC string carries
// them, so checking works the same as with the defaults.
var cheap = access.PasswordParams{Memory: 64, Time: 1, Threads: 1}

func TestHashPassword(t *testing.T) {
	const pw = "mưa trên sông Hậu 2021"
	h := access.HashPassword(pw, access.DefaultPasswordParams)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not argon2id PHC with the default costs", h)
	}
	if h == pw || strings.Contains(h, pw) || strings.Contains(h, "2021") {
		t.Errorf("hash %q shows the password", h)
	}
	if parts := strings.Split(h, "$"); len(parts) != 6 || len(parts[4]) != 22 || len(parts[5]) != 43 {
		t.Errorf("hash %q: want a 16-byte salt and a 32-byte key in unpadded base64", h)
	}
	if h2 := access.HashPassword(pw, access.DefaultPasswordParams); h2 == h {
		t.Error("two hashes of one password are equal: the salt is not per hash")
	}
	if !access.CheckPassword(h, pw) {
		t.Error("the right password does not match")
	}
	for _, wrong := range []string{"", "mưa trên sông Hậu 2020", "MƯA TRÊN SÔNG HẬU 2021", pw + " "} {
		if access.CheckPassword(h, wrong) {
			t.Errorf("wrong password %q matches", wrong)
		}
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5", // 4 GiB: refused, not computed
		strings.Replace(h, "t=2", "t=x", 1)} {
		if access.CheckPassword(bad, pw) {
			t.Errorf("malformed hash %q matches", bad)
		}
	}
}

func TestPasswordRule(t *testing.T) {
	tests := []struct {
		name, password, username, want string
	}{
		{"long enough", "bốn mùa lúa chín", "an", ""},
		{"too short", "abc12345", "an", "must be at least 10 characters (a short sentence is easiest to remember); it has 8"},
		{"short in letters, long in bytes", "ệệệệệệệệệ", "an", "must be at least 10 characters (a short sentence is easiest to remember); it has 9"},
		{"one character", "aaaaaaaaaaaa", "an", "must use at least 5 different characters"},
		{"contains username", "xin chào NGUYEN.AN", "nguyen.an", "must not contain the username"},
		{"well known", "Password123", "an", "is a well-known password; choose another"},
		{"too long", strings.Repeat("abcdefgh", 33), "an", "must be at most 256 bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := access.CheckPasswordRule(tc.password, tc.username)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantFields(t, err, []rl.FieldError{{Field: "password", Message: tc.want}})
		})
	}
}

func TestUsernameRule(t *testing.T) {
	for _, ok := range []string{"admin", "nguyen.van.an", "do_943", "a-1"} {
		if err := access.CheckUsername(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "ab", ".admin", "admin.", "Admin", "nguyễn", "a b c", strings.Repeat("a", 65)} {
		if err := access.CheckUsername(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if got := access.NormalizeUsername("  Nguyen.An "); got != "nguyen.an" {
		t.Errorf("NormalizeUsername = %q", got)
	}
}

// BenchmarkHashPassword is the cost of one sign-in's password check at the
// default argon2id costs (the dominant part of POST /login).
func BenchmarkHashPassword(b *testing.B) {
	h := access.HashPassword("mưa trên sông Hậu 2021", access.DefaultPasswordParams)
	for b.Loop() {
		if !access.CheckPassword(h, "mưa trên sông Hậu 2021") {
			b.Fatal("no match")
		}
	}
}
