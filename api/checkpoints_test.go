package api

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/checkpoint"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// signedMessage rebuilds, from a checkpoint as the API shows it, the bytes
// its signature covers, as the package doc of checkpoint describes them.
func signedMessage(cp map[string]any) []byte {
	return fmt.Appendf(nil, "reliefledger-checkpoint/1\n%d\n%s\n%s\n", int64(cp["entry_id"].(float64)), cp["hash"], cp["made_at"])
}

// TestCheckpointsOverHTTP: admins and auditors sign the head, anyone
// checks the signature with the public key and lists the checkpoints
// without a token.
func TestCheckpointsOverHTTP(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		auditor, officer := ts.userToken(access.Auditor, ""), ts.userToken(access.FundOfficer, "")
		create := func(token string) response {
			return ts.do(req{Method: "POST", Path: "/api/v1/checkpoints", Token: token, Key: "auto", Body: map[string]any{}})
		}
		if r := create(""); r.Status != 409 || r.problem().Type != ProblemTypePrefix+"empty-journal" {
			t.Errorf("a checkpoint of the empty journal: %d %s", r.Status, r.Body)
		}
		for i := range 3 {
			ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry(fmt.Sprint("d", i), posting("POOR:1120", "1000"), posting("POOR:4100", "-1000"))})
		}
		if r := create(officer); r.Status != 403 {
			t.Errorf("a fund officer made a checkpoint: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "POST", Path: "/api/v1/checkpoints", Body: map[string]any{}}); r.Status != 400 {
			t.Errorf("without an Idempotency-Key: %d", r.Status)
		}
		if r := ts.do(req{Method: "POST", Path: "/api/v1/checkpoints", Key: "auto", Body: map[string]any{"entry_id": 1}}); r.Status != 400 {
			t.Errorf("a client may not name the head: %d %s", r.Status, r.Body)
		}
		byAdmin := ts.do(req{Method: "POST", Path: "/api/v1/checkpoints", Key: "cp-1", Body: map[string]any{}})
		byAuditor := create(auditor)
		if byAdmin.Status != 201 || byAuditor.Status != 201 {
			t.Fatalf("admin %d %s, auditor %d %s", byAdmin.Status, byAdmin.Body, byAuditor.Status, byAuditor.Body)
		}
		e3 := ts.do(req{Method: "GET", Path: "/api/v1/journal/3"})
		if cp := byAdmin.JSON; cp["entry_id"] != float64(3) || cp["hash"] != e3.JSON["hash"] {
			t.Errorf("checkpoint %v, entry 3's hash %v", cp, e3.JSON["hash"])
		}
		if r := ts.do(req{Method: "POST", Path: "/api/v1/checkpoints", Key: "cp-1", Body: map[string]any{}}); r.Status != 200 ||
			r.Header.Get("Idempotent-Replayed") != "true" || !bytes.Equal(r.Body, byAdmin.Body) {
			t.Errorf("replay: %d %s, want %s", r.Status, r.Body, byAdmin.Body)
		}

		key := ts.do(req{Method: "GET", Path: "/api/v1/public/checkpoint-key", Token: "-"})
		pub, err := base64.StdEncoding.DecodeString(fmt.Sprint(key.JSON["public_key"]))
		if key.Status != 200 || err != nil || len(pub) != ed25519.PublicKeySize || key.JSON["algorithm"] != "ed25519" {
			t.Fatalf("key: %d %s", key.Status, key.Body)
		}
		sum := sha256.Sum256(pub)
		if id := hex.EncodeToString(sum[:8]); key.JSON["key_id"] != id || byAdmin.JSON["key_id"] != id {
			t.Errorf("key id %v, checkpoint's %v, want %s", key.JSON["key_id"], byAdmin.JSON["key_id"], id)
		}
		for _, cp := range []map[string]any{byAdmin.JSON, byAuditor.JSON} {
			fromTemplate := strings.NewReplacer("{entry_id}", fmt.Sprint(cp["entry_id"]), "{hash}", fmt.Sprint(cp["hash"]),
				"{made_at}", fmt.Sprint(cp["made_at"])).Replace(fmt.Sprint(key.JSON["message_format"]))
			if fromTemplate != string(signedMessage(cp)) {
				t.Errorf("message_format gives %q, the documented message is %q", fromTemplate, signedMessage(cp))
			}
			sig, _ := base64.StdEncoding.DecodeString(fmt.Sprint(cp["signature"]))
			if !ed25519.Verify(pub, signedMessage(cp), sig) {
				t.Errorf("the signature of %v does not verify with the public key", cp)
			}
			forged := map[string]any{"entry_id": float64(2), "hash": cp["hash"], "made_at": cp["made_at"]}
			if ed25519.Verify(pub, signedMessage(forged), sig) {
				t.Errorf("the signature of %v verifies for entry 2 too", cp)
			}
		}

		// Listed without a token, oldest first, a page at a time.
		var listed []any
		path := "/api/v1/public/checkpoints?limit=1"
		for range 3 {
			r := ts.do(req{Method: "GET", Path: path, Token: "-"})
			if r.Status != 200 {
				t.Fatalf("list: %d %s", r.Status, r.Body)
			}
			listed = append(listed, r.JSON["data"].([]any)...)
			next, _ := r.JSON["next_cursor"].(string)
			if next == "" {
				break
			}
			path = "/api/v1/public/checkpoints?limit=1&cursor=" + next
		}
		if len(listed) != 2 || fmt.Sprint(listed[0]) != fmt.Sprint(byAdmin.JSON) || fmt.Sprint(listed[1]) != fmt.Sprint(byAuditor.JSON) {
			t.Errorf("listed %v, want the two made", listed)
		}
	})
}

// TestCheckpointTruncationOverHTTP: a checkpoint saved from the API
// catches the truncation that /ledger/verify passes.
func TestCheckpointTruncationOverHTTP(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		for i := range 4 {
			ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry(fmt.Sprint("d", i), posting("POOR:1120", "1000"), posting("POOR:4100", "-1000"))})
		}
		saved := ts.do(req{Method: "POST", Path: "/api/v1/checkpoints", Key: "auto", Body: map[string]any{}}).JSON
		storetest.Truncate(t, db, 2)
		ts.mustVerifyClean() // the weakness the checkpoint covers
		if b := ts.balance(ts.accountID("POOR:1120")); b != "2000" {
			t.Fatalf("the attacker left balance %s", b)
		}
		madeAt, _ := time.Parse(time.RFC3339, saved["made_at"].(string))
		sig, _ := base64.StdEncoding.DecodeString(saved["signature"].(string))
		cp := checkpoint.Checkpoint{EntryID: int64(saved["entry_id"].(float64)), Hash: saved["hash"].(string), MadeAt: madeAt,
			KeyID: saved["key_id"].(string), Signature: sig}
		err := ts.srv.Checkpoints.Check(context.Background(), cp)
		if e, ok := rl.AsError(err); !ok || e.Code != checkpoint.Truncated || !strings.Contains(e.Message, "entry 4, the last entry at the checkpoint") {
			t.Errorf("check after truncation: %v", err)
		}
	})
}

// TestWorkbookCoverShowsHead: a workbook's title block prints the journal
// head it was made at, the entry and hash a checkpoint signs.
func TestWorkbookCoverShowsHead(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		for i := range 2 {
			ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry(fmt.Sprint("d", i), posting("POOR:1120", "1000"), posting("POOR:4100", "-1000"))})
		}
		cp := ts.do(req{Method: "POST", Path: "/api/v1/checkpoints", Key: "auto", Body: map[string]any{}}).JSON
		for _, tc := range []struct{ lang, sheet, label, value string }{
			{"", "Nhật ký", "Sổ nhật ký đến bút toán số 2", fmt.Sprintf(", mã băm %s", cp["hash"])},
			{"&lang=en", "Journal", "Journal up to entry 2", fmt.Sprintf(", hash %s", cp["hash"])},
		} {
			r := ts.do(req{Method: "GET", Path: "/api/v1/exports/journal.xlsx?fund=POOR" + tc.lang})
			f, err := excelize.OpenReader(bytes.NewReader(r.Body))
			if r.Status != 200 || err != nil {
				t.Fatalf("export: %d %v", r.Status, err)
			}
			rows, _ := f.GetRows(tc.sheet)
			f.Close()
			if !strings.Contains(strings.Join(flatten(rows), "|"), tc.label+tc.value) {
				t.Errorf("title block of %q lacks %q: %v", tc.sheet, tc.label+tc.value, rows)
			}
		}
	})
}
