// Package checkpoint makes the end of the journal visible outside the
// database.
//
// The journal is a hash chain (ledger/hash.go): changing an entry breaks
// it. Deleting the newest entries and rolling back their balances and the
// journal head does not: what is left is a shorter chain that verifies,
// because nothing outside the database remembers where it ended. A
// checkpoint is that memory: the head at a moment (the last entry's ID and
// hash), signed with the installation's ed25519 key. Anyone may keep
// copies (GET /api/v1/public/checkpoints needs no token; every workbook's
// cover prints the head it was made at); later, the entry a checkpoint
// names must still be in the journal with the hash it names. Missing means
// the journal was truncated, another hash that it was rewritten.
//
// # The signed message
//
// The signature is ed25519 (RFC 8032) over these bytes, UTF-8, every line
// ended by a line feed:
//
//	reliefledger-checkpoint/1
//	<entry_id: decimal, no leading zeros>
//	<hash: the entry's SHA-256, 64 lowercase hex digits>
//	<made_at: RFC 3339 in UTC to the second, e.g. 2026-12-03T08:00:00Z>
//
// A checkpoint as the API shows it carries these fields and the signature
// in base64 (standard alphabet, padded). The public key is served at
// GET /api/v1/public/checkpoint-key: 32 bytes in base64, and its key ID,
// the first 8 bytes of the key's SHA-256 in hex. Any ed25519 tool
// verifies a checkpoint; with OpenSSL 3, for example:
//
//	printf 'reliefledger-checkpoint/1\n%s\n%s\n%s\n' "$ENTRY_ID" "$HASH" "$MADE_AT" > msg
//	printf %s "$SIGNATURE" | base64 -d > sig
//	{ printf '\060\052\060\005\006\003\053\145\160\003\041\000'; printf %s "$PUBLIC_KEY" | base64 -d; } > pub.der
//	openssl pkeyutl -verify -pubin -inkey pub.der -keyform DER -rawin -in msg -sigfile sig
//
// (the twelve bytes before the key make it a DER SubjectPublicKeyInfo).
package checkpoint

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	rl "reliefledger"
)

// Format is the first line of the signed message; it changes if the
// message ever does.
const Format = "reliefledger-checkpoint/1"

// MessageTemplate is the signed message with each field's place marked
// by its name in braces, as the API names the fields: a client replaces
// them by a checkpoint's fields (made_at as the API gives it) to get the
// signed bytes.
const MessageTemplate = Format + "\n{entry_id}\n{hash}\n{made_at}\n"

// The problem codes of a checkpoint that does not hold (Verify,
// Service.Check).
const (
	BadSignature = "checkpoint-signature" // forged, changed, or signed by another key
	Truncated    = "checkpoint-truncated" // its entry is no longer in the journal
	Rewritten    = "checkpoint-rewritten" // its entry has another hash now
)

// Checkpoint is the journal head at a moment, signed.
type Checkpoint struct {
	ID      int64
	EntryID int64  // the last entry then
	Hash    string // its hash
	// MadeAt is when, in UTC to the second (the signed message has no
	// finer time).
	MadeAt    time.Time
	KeyID     string // the signing key's ID (KeyID)
	Signature []byte // ed25519 over Message
}

// Message returns the bytes the signature covers (see the package doc).
func (c Checkpoint) Message() []byte {
	b := make([]byte, 0, len(Format)+len(c.Hash)+48)
	b = append(b, Format...)
	b = append(b, '\n')
	b = strconv.AppendInt(b, c.EntryID, 10)
	b = append(b, '\n')
	b = append(b, c.Hash...)
	b = append(b, '\n')
	b = c.MadeAt.UTC().AppendFormat(b, time.RFC3339)
	return append(b, '\n')
}

// KeyID names a public key: the first 8 bytes of its SHA-256, in hex.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// Verify checks c's signature with the public key pub. It returns an
// error of kind Invalid, code BadSignature, when c was signed by
// another key or its fields or signature were changed.
func Verify(pub ed25519.PublicKey, c Checkpoint) error {
	if len(pub) != ed25519.PublicKeySize {
		return rl.Errorf(rl.Internal, "checkpoint: a public key has %d bytes, not %d", len(pub), ed25519.PublicKeySize)
	}
	if id := KeyID(pub); c.KeyID != id {
		return rl.CodedErrorf(rl.Invalid, BadSignature,
			"the checkpoint names key %s, not this installation's key %s: it was not signed here", c.KeyID, id)
	}
	if !ed25519.Verify(pub, c.Message(), c.Signature) {
		return rl.CodedErrorf(rl.Invalid, BadSignature,
			"the signature of the checkpoint (entry %d, hash %s, made %s) is not valid for key %s: the checkpoint was forged or changed",
			c.EntryID, c.Hash, c.MadeAt.UTC().Format(time.RFC3339), c.KeyID)
	}
	return nil
}
