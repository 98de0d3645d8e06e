package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"reliefledger/donations"
	"reliefledger/ledger"
)

// bulkMemoryLimit gives a bulk command (import, gen) a soft memory limit
// of 96 MiB unless GOMEMLIMIT sets one: an import holds the file and a
// chunk, ~45 MB for 250,000 lines, and the collector would otherwise let
// the heap grow to twice that before it runs.
func bulkMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(96 << 20)
	}
}

// runImportStatement is `reliefd import bank-statement --fund CODE
// [--dry-run] [--json] FILE`. It exits non-zero only when the file could
// not be read at all (or the database failed); unusable lines are reported.
func runImportStatement(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import bank-statement", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fund := fs.String("fund", "", "fund code, e.g. COVID")
	dry := fs.Bool("dry-run", false, "report what would be recorded, record nothing")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 || *fund == "" {
		fmt.Fprintln(stderr, "usage: reliefd import bank-statement --fund CODE [--dry-run] [--json] FILE")
		return 2
	}
	path := fs.Arg(0)
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(stderr, "reliefd import:", err)
		return 1
	}
	defer f.Close()
	log, _ := cfg.logger(stderr)
	a, err := open(ctx, cfg, log)
	if err != nil {
		return openFailed(stderr, "reliefd import", err, 1)
	}
	defer a.close()
	bulkMemoryLimit()
	bar := newProgress(stderr, "recording")
	start := time.Now()
	rep, err := a.donations.ImportStatement(ctx, ledger.Actor{UserID: 1}, filepath.Base(path), f,
		donations.StatementOptions{Fund: *fund, DryRun: *dry, Limits: operatorLimits, Progress: bar.set})
	took := time.Since(start)
	if err != nil {
		fmt.Fprintln(stderr, "reliefd import:", err)
		return 1
	}
	if *asJSON {
		problems := make([]map[string]any, len(rep.Problems))
		for i, p := range rep.Problems {
			problems[i] = map[string]any{"line": p.Line, "reason": p.Reason, "amount": p.Amount.String()}
		}
		enc := json.NewEncoder(stdout)
		enc.Encode(map[string]any{"dry_run": rep.DryRun, "lines": rep.Lines, "created": rep.Created, "duplicates": rep.Duplicates,
			"rejected": rep.Rejected, "file_total": rep.FileTotal.String(), "imported_total": rep.ImportedTotal.String(),
			"duplicate_total": rep.DuplicateTotal.String(), "rejected_total": rep.RejectedTotal.String(), "problems": problems,
			"seconds": took.Seconds()})
		return 0
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(stdout, "line %d: %s (%s đ)\n", p.Line, p.Reason, p.Amount)
	}
	fmt.Fprintf(stdout, "%d lines: %d donations recorded, %d already recorded, %d not usable\n", rep.Lines, rep.Created, rep.Duplicates, rep.Rejected)
	fmt.Fprintf(stdout, "file total %s đ = imported %s + duplicates %s + not usable %s; took %s\n",
		rep.FileTotal, rep.ImportedTotal, rep.DuplicateTotal, rep.RejectedTotal, took.Round(time.Millisecond))
	return 0
}
