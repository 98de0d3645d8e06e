package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	rl "reliefledger"
	"reliefledger/checkpoint"
)

// checkpointEvery is the age at which serve signs the next checkpoint.
const checkpointEvery = 24 * time.Hour

// checkpointKey returns the key that signs checkpoints:
// RELIEF_CHECKPOINT_KEY when set, else the key file in the data directory,
// which serve creates (create) when there is none. Every process of one
// installation must share the key: with several servers (PostgreSQL),
// set the variable.
func checkpointKey(cfg config, create bool, log *slog.Logger) (checkpoint.Key, error) {
	if cfg.CheckpointKey != "" {
		k, err := checkpoint.ParseKey(cfg.CheckpointKey)
		if err != nil {
			return checkpoint.Key{}, fmt.Errorf("RELIEF_CHECKPOINT_KEY: %w", err)
		}
		return k, nil
	}
	path := filepath.Join(cfg.DataDir, checkpoint.KeyFile)
	if !create {
		k, err := checkpoint.ReadKeyFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return checkpoint.Key{}, fmt.Errorf("no checkpoint key: RELIEF_CHECKPOINT_KEY is not set and %s does not exist, so this installation never signed a checkpoint", path)
		}
		return k, err
	}
	k, created, err := checkpoint.LoadOrCreateKeyFile(path)
	if err != nil {
		return checkpoint.Key{}, err
	}
	if created {
		log.Info("created the checkpoint signing key; back it up, or set RELIEF_CHECKPOINT_KEY", "file", path, "key_id", k.ID())
	}
	return k, nil
}

// runCheckpoints signs a checkpoint at once when the newest is older than
// every (or there is none and the journal has entries), then each time the
// newest reaches that age, until ctx ends.
func runCheckpoints(ctx context.Context, svc *checkpoint.Service, every time.Duration, log *slog.Logger) {
	for {
		wait := time.Hour // no entries yet, or it failed: look again later
		last, made, err := svc.MakeIfDue(ctx, every)
		switch {
		case err != nil && ctx.Err() != nil:
			return
		case err != nil:
			log.Error("checkpoint failed", "err", err)
		case made:
			log.Info("signed a checkpoint of the journal head", "checkpoint", last.ID, "entry", last.EntryID, "hash", last.Hash, "key_id", last.KeyID)
		}
		if err == nil && !last.MadeAt.IsZero() {
			wait = time.Until(last.MadeAt.Add(every))
		}
		t := time.NewTimer(max(wait, time.Minute))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// checkpointFile is a checkpoint as POST /api/v1/checkpoints answers it
// (and GET /api/v1/public/checkpoints lists it).
type checkpointFile struct {
	ID        int64  `json:"id"`
	EntryID   int64  `json:"entry_id"`
	Hash      string `json:"hash"`
	MadeAt    string `json:"made_at"`
	KeyID     string `json:"key_id"`
	Signature string `json:"signature"`
}

// readCheckpointFile reads a file holding one checkpoint as JSON.
func readCheckpointFile(path string) (checkpoint.Checkpoint, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return checkpoint.Checkpoint{}, err
	}
	var f checkpointFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return checkpoint.Checkpoint{}, fmt.Errorf("%s: not a checkpoint as POST /api/v1/checkpoints answers it: %w", path, err)
	}
	c := checkpoint.Checkpoint{ID: f.ID, EntryID: f.EntryID, Hash: f.Hash, KeyID: f.KeyID}
	var fe rl.Fields
	if f.EntryID <= 0 {
		fe.Add("entry_id", "must be a positive entry ID")
	}
	if f.Hash == "" || f.KeyID == "" {
		fe.Add("hash", "and key_id are required")
	}
	if c.MadeAt, err = time.Parse(time.RFC3339, f.MadeAt); err != nil {
		fe.Add("made_at", "must be an RFC 3339 time, e.g. 2026-12-03T08:00:00Z")
	}
	if c.Signature, err = base64.StdEncoding.DecodeString(f.Signature); err != nil || len(c.Signature) == 0 {
		fe.Add("signature", "must be base64")
	}
	if err := fe.Err(); err != nil {
		return checkpoint.Checkpoint{}, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// checkCheckpoint holds c against the installation. found is a
// difference to report (a forged signature, a truncated or rewritten
// journal); err is a failure to find out.
func checkCheckpoint(ctx context.Context, a *app, cfg config, c checkpoint.Checkpoint, log *slog.Logger) (found, err error) {
	key, err := checkpointKey(cfg, false, log)
	if err != nil {
		return nil, err
	}
	err = checkpoint.NewService(a.db.Checkpoints(), a.ledger, key, nil).Check(ctx, c)
	if e, ok := rl.AsError(err); ok {
		switch e.Code {
		case checkpoint.BadSignature, checkpoint.Truncated, checkpoint.Rewritten:
			return err, nil
		}
	}
	return nil, err
}

// reportCheckpoint checks c for reliefd verify --checkpoint and says what
// it found: it returns 1 when c does not hold, 2 when the check failed,
// and 0 when c holds (then, with asJSON, it adds its finding to out for
// the report that follows).
func reportCheckpoint(ctx context.Context, a *app, cfg config, c checkpoint.Checkpoint, asJSON bool, out map[string]any, stdout, stderr io.Writer, log *slog.Logger) int {
	found, err := checkCheckpoint(ctx, a, cfg, c, log)
	if err != nil {
		fmt.Fprintln(stderr, "reliefd verify:", err)
		return 2
	}
	made := c.MadeAt.UTC().Format(time.RFC3339)
	what := fmt.Sprintf("entry %d, hash %s, made %s, key %s", c.EntryID, c.Hash, made, c.KeyID)
	cpOut := map[string]any{"ok": found == nil, "entry_id": c.EntryID, "hash": c.Hash, "made_at": made, "key_id": c.KeyID}
	if found == nil {
		out["checkpoint"] = cpOut
		if !asJSON {
			fmt.Fprintf(stdout, "checkpoint: %s: signed with this installation's key, and the entry is in the chain with that hash\n", what)
		}
		return 0
	}
	e, _ := rl.AsError(found)
	cpOut["problem"] = map[string]any{"kind": e.Code, "detail": e.Message}
	if asJSON {
		writeJSON(stdout, map[string]any{"ok": false, "checkpoint": cpOut})
	} else {
		fmt.Fprintf(stdout, "checkpoint: %s\nPROBLEM %s %s\n", what, e.Code, e.Message)
	}
	return 1
}
