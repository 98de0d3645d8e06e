package api

import (
	"encoding/base64"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"reliefledger/checkpoint"
)

// checkpointJSON is a checkpoint as clients keep it: everything needed to
// check it later with the public key and any ed25519 tool.
type checkpointJSON struct {
	ID        int64  `json:"id"`
	EntryID   int64  `json:"entry_id" jsonschema_description:"the last journal entry when the checkpoint was made"`
	Hash      string `json:"hash" jsonschema_description:"that entry's hash (SHA-256, hex)"`
	MadeAt    string `json:"made_at" jsonschema:"format=date-time" jsonschema_description:"when, in UTC to the second, exactly as signed"`
	KeyID     string `json:"key_id" jsonschema_description:"the signing key: the first 8 bytes of the SHA-256 of its public key, hex"`
	Signature string `json:"signature" jsonschema_description:"ed25519 signature of the message described at /api/v1/public/checkpoint-key, base64"`
}

func checkpointOut(c checkpoint.Checkpoint) checkpointJSON {
	return checkpointJSON{ID: c.ID, EntryID: c.EntryID, Hash: c.Hash, MadeAt: c.MadeAt.UTC().Format(time.RFC3339),
		KeyID: c.KeyID, Signature: base64.StdEncoding.EncodeToString(c.Signature)}
}

// checkpointCreateJSON is the empty body of POST /checkpoints: the server
// signs its own journal head.
type checkpointCreateJSON struct{}

type checkpointKeyJSON struct {
	Algorithm     string `json:"algorithm" jsonschema:"enum=ed25519"`
	PublicKey     string `json:"public_key" jsonschema_description:"the 32-byte ed25519 public key, base64"`
	KeyID         string `json:"key_id" jsonschema_description:"the first 8 bytes of the SHA-256 of the public key, hex"`
	MessageFormat string `json:"message_format" jsonschema_description:"the bytes a checkpoint's signature covers (UTF-8): replace {entry_id}, {hash} and {made_at} by the checkpoint's fields as given"`
}

func (s *Server) createCheckpoint(c *gin.Context) {
	var req checkpointCreateJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	cp, replayed, err := s.Checkpoints.Make(c.Request.Context(), actor(c).Idem)
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "checkpoint", cp.ID)
	created(c, replayed, checkpointOut(cp))
}

func (s *Server) listCheckpoints(c *gin.Context) {
	limit, after, err := page(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	cs, err := s.Checkpoints.List(c.Request.Context(), after, limit+1)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, paged(cs, limit, func(cp checkpoint.Checkpoint) int64 { return cp.ID }, checkpointOut))
}

func (s *Server) getCheckpointKey(c *gin.Context) {
	c.JSON(http.StatusOK, checkpointKeyJSON{Algorithm: "ed25519", PublicKey: base64.StdEncoding.EncodeToString(s.Checkpoints.PublicKey()),
		KeyID: s.Checkpoints.KeyID(), MessageFormat: checkpoint.MessageTemplate})
}
