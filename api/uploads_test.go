package api

import (
	"archive/zip"
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

// zipBomb is an XLSX-shaped zip of about size bytes whose worksheet says
// it inflates to inflated bytes. The limits are checked on the declared
// sizes before anything inflates (Go's zip reader holds every part to its
// declared size, so a part cannot inflate further than it says).
func zipBomb(tb testing.TB, size int, inflated uint64) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	ct, _ := w.Create("[Content_Types].xml")
	ct.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	raw := make([]byte, size)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range raw {
		raw[i] = byte(rng.IntN(256))
	}
	part, err := w.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CompressedSize64: uint64(size), UncompressedSize64: inflated})
	if err != nil {
		tb.Fatal(err)
	}
	part.Write(raw)
	w.Close()
	return buf.Bytes()
}

// TestUploadBombs is issue 13, acceptance 3, for what the tests can show:
// on every upload route, an XLSX that would inflate from 1.5 MB to 1.5 GiB,
// one from 256 KB to 256 MiB, and a 20 MB CSV of 1.1 million identical
// rows are refused with a problem that names the limit, before any work.
// (Time and memory are measured with the command in BENCHMARKS.md.)
func TestUploadBombs(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		big := zipBomb(t, 1500<<10, 1536<<20)
		dense := zipBomb(t, 256<<10, 256<<20)
		csv := []byte("date,reference,amount,description\n" + strings.Repeat("2021-07-01,,1000,x\n", 1_100_000))
		const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		routes := []struct {
			name string
			send func(file []byte, name string) response
		}{
			{"bank statement", func(file []byte, name string) response {
				ct := "text/csv"
				if strings.HasSuffix(name, ".xlsx") {
					ct = xlsx
				}
				return ts.do(req{Method: "POST", Path: "/api/v1/bank-statements?fund=COVID&filename=" + name, Key: "auto", Body: file, ContentType: ct})
			}},
			{"household list", func(file []byte, name string) response {
				return ts.upload("/api/v1/households/import?dry_run=true", name, file, "")
			}},
			{"signed distribution list", func(file []byte, name string) response {
				return ts.upload("/api/v1/deliveries/import?plan=1", name, file, "")
			}},
		}
		for _, rt := range routes {
			for _, bomb := range []struct {
				name, file string
				body       []byte
				limit      []string // the problem names one of these
			}{
				{"1.5 MB to 1.5 GiB", "bomb.xlsx", big, []string{"RELIEF_MAX_INFLATED_MB", "RELIEF_MAX_INFLATE_RATIO"}},
				{"256 KB to 256 MiB", "bomb.xlsx", dense, []string{"RELIEF_MAX_INFLATED_MB", "RELIEF_MAX_INFLATE_RATIO"}},
				{"1.1 million rows", "rows.csv", csv, []string{"RELIEF_MAX_UPLOAD_ROWS", "XLSX"}},
			} {
				r := rt.send(bomb.body, bomb.file)
				named := false
				for _, l := range bomb.limit {
					named = named || strings.Contains(string(r.Body), l)
				}
				if (r.Status != 413 && r.Status != 400) || !named {
					t.Errorf("%s, %s: %d %s, want 413 or 400 naming %v", rt.name, bomb.name, r.Status, r.Body, bomb.limit)
				}
			}
		}
		ts.mustVerifyClean()
	})
}
