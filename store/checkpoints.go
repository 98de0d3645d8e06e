package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	rl "reliefledger"
	"reliefledger/checkpoint"
)

// Checkpoints implements checkpoint.Store.
type Checkpoints struct{ db *DB }

var _ checkpoint.Store = (*Checkpoints)(nil)

// Checkpoints returns the checkpoint store of db.
func (db *DB) Checkpoints() *Checkpoints { return &Checkpoints{db: db} }

const checkpointColumns = `id, entry_id, hash, made_at, key_id, signature`

// Create implements checkpoint.Store.
func (s *Checkpoints) Create(ctx context.Context, c checkpoint.Checkpoint, idem *rl.IdemRecord) (checkpoint.Checkpoint, bool, error) {
	var out checkpoint.Checkpoint
	replayed, err := s.db.idempotent(ctx, idem, func(tx *Tx) (string, error) {
		out = c
		if _, err := tx.one(`INSERT INTO checkpoints (entry_id, hash, made_at, key_id, signature) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			[]any{c.EntryID, c.Hash, c.MadeAt.UTC(), c.KeyID, base64.StdEncoding.EncodeToString(c.Signature)}, &out.ID); err != nil {
			return "", fmt.Errorf("insert checkpoint of entry %d: %w", c.EntryID, err)
		}
		return "checkpoint:" + strconv.FormatInt(out.ID, 10), nil
	}, func(ref string) error {
		id, err := strconv.ParseInt(strings.TrimPrefix(ref, "checkpoint:"), 10, 64)
		if err != nil {
			return fmt.Errorf("bad result ref %q", ref)
		}
		cs, err := s.query(ctx, `SELECT `+checkpointColumns+` FROM checkpoints WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return rl.Errorf(rl.NotFound, "no checkpoint %d", id)
		}
		out = cs[0]
		return nil
	})
	return out, replayed, err
}

// List implements checkpoint.Store.
func (s *Checkpoints) List(ctx context.Context, afterID int64, limit int) ([]checkpoint.Checkpoint, error) {
	return s.query(ctx, `SELECT `+checkpointColumns+` FROM checkpoints WHERE id > ? ORDER BY id LIMIT ?`, afterID, limit)
}

// Latest implements checkpoint.Store.
func (s *Checkpoints) Latest(ctx context.Context) (checkpoint.Checkpoint, bool, error) {
	cs, err := s.query(ctx, `SELECT `+checkpointColumns+` FROM checkpoints ORDER BY id DESC LIMIT 1`)
	if err != nil || len(cs) == 0 {
		return checkpoint.Checkpoint{}, false, err
	}
	return cs[0], true, nil
}

func (s *Checkpoints) query(ctx context.Context, query string, args ...any) ([]checkpoint.Checkpoint, error) {
	out := []checkpoint.Checkpoint{}
	err := s.db.read.each(ctx, query, args, func(scan func(...any) error) error {
		var c checkpoint.Checkpoint
		var sig string
		var at time.Time
		if err := scan(&c.ID, &c.EntryID, &c.Hash, &at, &c.KeyID, &sig); err != nil {
			return fmt.Errorf("scan checkpoint: %w", err)
		}
		b, err := base64.StdEncoding.DecodeString(sig)
		if err != nil {
			return fmt.Errorf("checkpoint %d: signature is not base64: %w", c.ID, err)
		}
		c.MadeAt, c.Signature = at.UTC(), b
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("query checkpoints: %w", err)
	}
	return out, nil
}
