package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"reliefledger/demo"
	"reliefledger/households"
)

// seedDemo fills an empty registry with hs (nil: the synthetic demo
// registry) and returns how many it added.
func seedDemo(ctx context.Context, h *households.Service, hs []households.Household, stderr io.Writer) (int, error) {
	n, err := h.Count(ctx)
	if err != nil || n > 0 {
		return 0, err
	}
	if hs == nil {
		hs = demo.HouseholdsOf(h.Tree(), demo.Seed)
	}
	bar := newProgress(stderr, "demo households")
	if err := h.InsertMany(ctx, hs, func(done int) { bar.set(done, len(hs)) }); err != nil {
		return 0, err
	}
	return len(hs), nil
}

// runSeed is `reliefd seed --demo`.
func runSeed(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	demoFlag := fs.Bool("demo", false, "load the synthetic demo registry (8,617 poor and 28,987 near-poor households) and the demo books into an empty database")
	sample := fs.String("sample-file", "", "instead, write a synthetic commune list in the import format (XLSX) to this file")
	rows := fs.Int("rows", 1000, "rows of the sample file")
	entries := fs.Int("entries", 0, "instead, append this many synthetic two-posting entries to the journal (for export and load measurements)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *sample != "" {
		return writeSample(*sample, *rows, stdout, stderr)
	}
	if *entries > 0 {
		return seedEntries(ctx, cfg, *entries, stdout, stderr)
	}
	if !*demoFlag {
		fmt.Fprintln(stderr, "usage: reliefd seed --demo | reliefd seed --sample-file FILE [--rows N]")
		return 2
	}
	log, _ := cfg.logger(stderr)
	a, err := open(ctx, cfg, log)
	if err != nil {
		return openFailed(stderr, "reliefd seed", err, 1)
	}
	defer a.close()
	// The admin first: serve creates one only while there is no user, and
	// the demo's staff are users.
	if err := bootstrap(ctx, a, cfg, log, stderr); err != nil {
		fmt.Fprintln(stderr, "reliefd seed:", err)
		return 1
	}
	got, err := loadDemo(ctx, a, nil, log, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "reliefd seed:", err)
		return 1
	}
	if got.Households == 0 && !got.Loaded {
		fmt.Fprintln(stdout, "the database is not empty: nothing seeded")
		return 0
	}
	fmt.Fprintf(stdout, "seeded %d synthetic households and %d demo journal entries (%d receipts, %d deliveries)\n",
		got.Households, got.Books.Entries, got.Books.Donations, got.Books.Deliveries)
	return 0
}

// runImport is `reliefd import households [--dry-run] [--json] FILE`.
func runImport(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "bank-statement" {
		return runImportStatement(ctx, cfg, args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "households" {
		fmt.Fprintln(stderr, "usage: reliefd import households [--dry-run] [--json] FILE\n       reliefd import bank-statement --fund CODE [--dry-run] [--json] FILE")
		return 2
	}
	fs := flag.NewFlagSet("import households", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dry := fs.Bool("dry-run", false, "check every row, register nothing")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: reliefd import households [--dry-run] [--json] FILE")
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
	bar := newProgress(stderr, "importing")
	start := time.Now()
	rep, err := a.households.Import(ctx, filepath.Base(path), f, households.ImportOptions{DryRun: *dry, Limits: operatorLimits, Progress: bar.set})
	took := time.Since(start)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(map[string]any{"dry_run": rep.DryRun, "rows": rep.Rows, "valid": rep.Valid, "invalid": rep.Invalid, "created": rep.Created,
			"problems": rep.Problems, "seconds": took.Seconds(), "error": errString(err)})
	} else {
		for _, p := range rep.Problems {
			fmt.Fprintf(stdout, "row %d, %s: %s\n", p.Line, p.Column, p.Message)
		}
		fmt.Fprintf(stdout, "%d rows: %d valid, %d with problems; %d registered in %s\n", rep.Rows, rep.Valid, rep.Invalid, rep.Created, took.Round(time.Millisecond))
	}
	if err != nil {
		fmt.Fprintln(stderr, "reliefd import:", err)
		return 1
	}
	return 0
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// writeSample writes n synthetic households that are not in the demo
// registry (codes SAMPLE-…, other ID numbers) as an import file.
func writeSample(path string, n int, stdout, stderr io.Writer) int {
	units, maps, err := households.ReferenceUnits()
	if err != nil {
		fmt.Fprintln(stderr, "reliefd seed:", err)
		return 1
	}
	tree := households.NewTree(units, maps)
	hs := demo.SampleHouseholds(tree, n)
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(stderr, "reliefd seed:", err)
		return 1
	}
	if err := demo.WriteImportXLSX(f, hs, tree); err != nil {
		f.Close()
		fmt.Fprintln(stderr, "reliefd seed:", err)
		return 1
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(stderr, "reliefd seed:", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %d synthetic households to %s\n", len(hs), path)
	return 0
}
