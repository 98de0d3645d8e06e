package checkpoint_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	rl "reliefledger"
	"reliefledger/checkpoint"
)

// testKey is a fixed key, so that messages and signatures are stable.
func testKey(tb testing.TB, b byte) checkpoint.Key {
	tb.Helper()
	k, err := checkpoint.NewKey(bytes.Repeat([]byte{b}, ed25519.SeedSize))
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

const hash42 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

// TestMessage pins the signed bytes: they are documented for anyone who
// verifies with another tool, and may never change under Format.
func TestMessage(t *testing.T) {
	c := testKey(t, 1).Sign(42, hash42, time.Date(2026, 12, 3, 15, 4, 5, 999_000_000, time.FixedZone("ICT", 7*3600)))
	want := "reliefledger-checkpoint/1\n42\n" + hash42 + "\n2026-12-03T08:04:05Z\n"
	if diff := cmp.Diff(want, string(c.Message())); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
	filled := strings.NewReplacer("{entry_id}", "42", "{hash}", hash42, "{made_at}", "2026-12-03T08:04:05Z").Replace(checkpoint.MessageTemplate)
	if filled != want {
		t.Errorf("MessageTemplate filled in: %q, want %q", filled, want)
	}
	if !c.MadeAt.Equal(time.Date(2026, 12, 3, 8, 4, 5, 0, time.UTC)) || c.MadeAt.Location() != time.UTC {
		t.Errorf("made_at %v: want UTC to the second", c.MadeAt)
	}
	if !ed25519.Verify(testKey(t, 1).Public(), []byte(want), c.Signature) {
		t.Error("the signature does not cover the documented message")
	}
}

// TestForgedCheckpoints: a checkpoint signed by another key, or with any
// signed field changed, fails its signature check.
func TestForgedCheckpoints(t *testing.T) {
	key, other := testKey(t, 1), testKey(t, 2)
	at := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	good := key.Sign(42, hash42, at)
	if err := checkpoint.Verify(key.Public(), good); err != nil {
		t.Fatalf("a good checkpoint: %v", err)
	}
	forge := func(f func(*checkpoint.Checkpoint)) checkpoint.Checkpoint {
		c := good
		c.Signature = append([]byte(nil), good.Signature...)
		f(&c)
		return c
	}
	for _, tc := range []struct {
		name string
		c    checkpoint.Checkpoint
		want string
	}{
		{"signed by another key", other.Sign(42, hash42, at), "names key " + other.ID() + ", not this installation's key " + key.ID()},
		{"another key's signature under this key's ID", forge(func(c *checkpoint.Checkpoint) { c.Signature = other.Sign(42, hash42, at).Signature }), "is not valid for key " + key.ID()},
		{"another entry", forge(func(c *checkpoint.Checkpoint) { c.EntryID = 41 }), "(entry 41, hash " + hash42},
		{"another hash", forge(func(c *checkpoint.Checkpoint) { c.Hash = strings.Repeat("0", 64) }), "the checkpoint was forged or changed"},
		{"another time", forge(func(c *checkpoint.Checkpoint) { c.MadeAt = at.Add(time.Second) }), "made 2026-12-03T08:00:01Z"},
		{"a flipped bit", forge(func(c *checkpoint.Checkpoint) { c.Signature[7] ^= 1 }), "is not valid"},
		{"no signature", forge(func(c *checkpoint.Checkpoint) { c.Signature = nil }), "is not valid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkpoint.Verify(key.Public(), tc.c)
			e, ok := rl.AsError(err)
			if !ok || e.Kind != rl.Invalid || e.Code != checkpoint.BadSignature || !strings.Contains(e.Message, tc.want) {
				t.Errorf("got %v, want Invalid %s containing %q", err, checkpoint.BadSignature, tc.want)
			}
		})
	}
}

// TestOpenSSLVerifies runs the package doc's recipe: any ed25519 tool
// verifies a checkpoint with the public key alone.
func TestOpenSSLVerifies(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but openssl is not on PATH: the recipe must be checked in CI (.ci/run installs it)")
		}
		t.Skip("no openssl")
	}
	key := testKey(t, 3)
	c := key.Sign(7, hash42, time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC))
	script := `set -e
printf 'reliefledger-checkpoint/1\n%s\n%s\n%s\n' "$ENTRY_ID" "$HASH" "$MADE_AT" > msg
printf %s "$SIGNATURE" | base64 -d > sig
{ printf '\060\052\060\005\006\003\053\145\160\003\041\000'; printf %s "$PUBLIC_KEY" | base64 -d; } > pub.der
openssl pkeyutl -verify -pubin -inkey pub.der -keyform DER -rawin -in msg -sigfile sig`
	run := func(hash string) (string, error) {
		cmd := exec.Command("sh", "-c", script)
		cmd.Dir = t.TempDir()
		cmd.Env = append(os.Environ(), "ENTRY_ID=7", "HASH="+hash, "MADE_AT=2026-12-03T08:00:00Z",
			"SIGNATURE="+base64.StdEncoding.EncodeToString(c.Signature), "PUBLIC_KEY="+base64.StdEncoding.EncodeToString(key.Public()))
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run(hash42); err != nil || !strings.Contains(out, "Signature Verified Successfully") {
		t.Fatalf("openssl does not verify a good checkpoint: %v\n%s", err, out)
	}
	if out, err := run(strings.Repeat("0", 64)); err == nil {
		t.Errorf("openssl verifies a changed checkpoint:\n%s", out)
	}
}

// TestKeyFile: the key file is created once, readable by its owner only,
// and the same key is read back on every later start, also when several
// processes start at once.
func TestKeyFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, checkpoint.KeyFile)
	if _, err := checkpoint.ReadKeyFile(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("reading a missing key file: %v", err)
	}
	first, created, err := checkpoint.LoadOrCreateKeyFile(path)
	if err != nil || !created {
		t.Fatalf("create: created=%v err=%v", created, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := st.Mode().Perm(); perm != 0o600 {
		t.Errorf("key file mode %04o, want 0600", perm)
	}
	b, _ := os.ReadFile(path)
	if k, err := checkpoint.ParseKey(string(b)); err != nil || k.ID() != first.ID() {
		t.Errorf("the file does not hold the base64 seed of the key: %v", err)
	}
	again, created, err := checkpoint.LoadOrCreateKeyFile(path)
	if err != nil || created || again.ID() != first.ID() {
		t.Errorf("restart: created=%v err=%v key %s, want %s", created, err, again.ID(), first.ID())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the data dir holds %d files, want the key only", len(entries))
	}

	// Eight processes starting on an empty data dir end with one key.
	dir2 := t.TempDir()
	ids := make(chan string, 8)
	for range 8 {
		go func() {
			k, _, err := checkpoint.LoadOrCreateKeyFile(filepath.Join(dir2, checkpoint.KeyFile))
			if err != nil {
				ids <- err.Error()
				return
			}
			ids <- k.ID()
		}()
	}
	seen := map[string]bool{}
	for range 8 {
		seen[<-ids] = true
	}
	if len(seen) != 1 {
		t.Errorf("concurrent starts made %d keys: %v", len(seen), seen)
	}

	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := checkpoint.ReadKeyFile(path); err == nil || !strings.Contains(err.Error(), "make it 0600") {
		t.Errorf("a key file others may read: %v", err)
	}
}

func TestParseKey(t *testing.T) {
	seed := bytes.Repeat([]byte{9}, 32)
	k, err := checkpoint.ParseKey(" " + base64.StdEncoding.EncodeToString(seed) + "\n")
	if err != nil {
		t.Fatal(err)
	}
	pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	if !k.Public().Equal(pub) || k.ID() != checkpoint.KeyID(pub) || len(k.ID()) != 16 {
		t.Errorf("key %s from the seed", k.ID())
	}
	for _, bad := range []string{"", "not base64!", base64.StdEncoding.EncodeToString(seed[:31])} {
		if _, err := checkpoint.ParseKey(bad); err == nil {
			t.Errorf("ParseKey(%q) accepted", bad)
		}
	}
	if strings.Contains(k.String(), base64.StdEncoding.EncodeToString(seed)) {
		t.Error("String shows the secret")
	}
}
