package checkpoint

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// KeyFile is the name of the key file in the data directory.
const KeyFile = "checkpoint.key"

// Key is the installation's signing key.
type Key struct {
	priv ed25519.PrivateKey
	id   string
}

// NewKey makes the key of a 32-byte ed25519 seed.
func NewKey(seed []byte) (Key, error) {
	if len(seed) != ed25519.SeedSize {
		return Key{}, fmt.Errorf("a checkpoint key seed has %d bytes, not %d", len(seed), ed25519.SeedSize)
	}
	priv := ed25519.NewKeyFromSeed(seed)
	return Key{priv: priv, id: KeyID(priv.Public().(ed25519.PublicKey))}, nil
}

// ParseKey reads a key written as the base64 of its 32-byte seed (the
// form of the key file and of the environment variable).
func ParseKey(b64 string) (Key, error) {
	seed, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil {
		return Key{}, errors.New("a checkpoint key must be the base64 of a 32-byte ed25519 seed")
	}
	return NewKey(seed)
}

// GenerateKey makes a new random key.
func GenerateKey() (Key, error) {
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return Key{}, fmt.Errorf("generate checkpoint key: %w", err)
	}
	return NewKey(seed)
}

// Public returns the public key.
func (k Key) Public() ed25519.PublicKey { return k.priv.Public().(ed25519.PublicKey) }

// ID returns the key ID (KeyID of the public key).
func (k Key) ID() string { return k.id }

// String names the key without its secret.
func (k Key) String() string { return "ed25519 key " + k.id }

// Sign returns the checkpoint of the head (entryID, hash) at time at,
// which it rounds down to the second.
func (k Key) Sign(entryID int64, hash string, at time.Time) Checkpoint {
	c := Checkpoint{EntryID: entryID, Hash: hash, MadeAt: at.UTC().Truncate(time.Second), KeyID: k.id}
	c.Signature = ed25519.Sign(k.priv, c.Message())
	return c
}

// encode writes the key as ParseKey reads it.
func (k Key) encode() string { return base64.StdEncoding.EncodeToString(k.priv.Seed()) }

// ReadKeyFile reads the key file at path. An error wrapping fs.ErrNotExist
// says there is none. A file that others than its owner may read is
// refused: whoever reads it can sign checkpoints.
func ReadKeyFile(path string) (Key, error) {
	st, err := os.Stat(path)
	if err != nil {
		return Key{}, fmt.Errorf("checkpoint key: %w", err)
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		return Key{}, fmt.Errorf("checkpoint key %s may be read by others (mode %04o): make it 0600", path, perm)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return Key{}, fmt.Errorf("checkpoint key: %w", err)
	}
	k, err := ParseKey(string(b))
	if err != nil {
		return Key{}, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// LoadOrCreateKeyFile reads the key file at path, or when there is none
// creates it with a new key, readable by its owner only (0600), and
// reports created. Two processes starting at once end up with the same
// key: the file appears whole (written aside, then linked into place) and
// only once.
func LoadOrCreateKeyFile(path string) (k Key, created bool, err error) {
	k, err = ReadKeyFile(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return k, false, err
	}
	if k, err = GenerateKey(); err != nil {
		return Key{}, false, err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return Key{}, false, fmt.Errorf("create checkpoint key: %w", err)
	}
	tmp, err := os.CreateTemp(dir, KeyFile+".*")
	if err != nil {
		return Key{}, false, fmt.Errorf("create checkpoint key: %w", err)
	}
	defer os.Remove(tmp.Name())
	// CreateTemp makes the file 0600; Chmod says so whatever the platform.
	if err := tmp.Chmod(0o600); err == nil {
		_, err = tmp.WriteString(k.encode() + "\n")
		if err == nil {
			err = tmp.Sync()
		}
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Key{}, false, fmt.Errorf("create checkpoint key: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) { // another process was first
			k, err = ReadKeyFile(path)
			return k, false, err
		}
		return Key{}, false, fmt.Errorf("create checkpoint key: %w", err)
	}
	return k, true, nil
}
