package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"reliefledger/exports"
	"reliefledger/ledger"
)

// runExport writes a workbook to a file, as GET /api/v1/exports/NAME.xlsx
// does: reliefd export NAME --out FILE [--fund F --from D --to D …].
func runExport(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(stderr, "usage: reliefd export NAME --out FILE [flags]\nNAME is one of: %s\n", strings.Join(exports.Names, ", "))
		return 2
	}
	name := strings.TrimSuffix(args[0], ".xlsx")
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "file to write (required)")
	fund := fs.String("fund", "", "fund code")
	from := fs.String("from", "", "first day, YYYY-MM-DD")
	to := fs.String("to", "", "last day, YYYY-MM-DD")
	asOf := fs.String("as-of", "", "trial balance date, YYYY-MM-DD")
	district := fs.String("district", "", "district code")
	plan := fs.Int64("plan", 0, "allocation plan")
	warehouse := fs.String("warehouse", "", "warehouse code")
	item := fs.String("item", "", "item code")
	english := fs.Bool("en", false, "English headers")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if *out == "" {
		fmt.Fprintln(stderr, "reliefd export: --out FILE is required")
		return 2
	}
	p := exports.Params{Fund: *fund, District: *district, Plan: *plan, Warehouse: *warehouse, Item: *item, SeesIdentity: true}
	for _, d := range []struct {
		v   string
		dst *ledger.Date
	}{{*from, &p.From}, {*to, &p.To}, {*asOf, &p.AsOf}} {
		if d.v == "" {
			continue
		}
		v, err := ledger.ParseDate(d.v)
		if err != nil {
			fmt.Fprintf(stderr, "reliefd export: date %q: %v\n", d.v, err)
			return 2
		}
		*d.dst = v
	}
	log, _ := cfg.logger(stderr)
	a, err := open(ctx, cfg, log)
	if err != nil {
		return openFailed(stderr, "reliefd export", err, 2)
	}
	defer a.close()
	src := exports.Sources{Ledger: a.ledger, Donations: a.donations, Goods: a.goods, Distribution: a.distribution, Households: a.households}
	meta := exports.Meta{GeneratedAt: time.Now(), English: *english, Filters: map[string]string{}}
	fs.Visit(func(f *flag.Flag) {
		if f.Name != "out" {
			meta.Filters[f.Name] = f.Value.String()
		}
	})
	if meta.Title, err = src.Prepare(ctx, name, &p, meta); err != nil {
		fmt.Fprintln(stderr, "reliefd export:", err)
		return 2
	}
	if meta.Head, err = a.ledger.Head(ctx); err != nil {
		fmt.Fprintln(stderr, "reliefd export:", err)
		return 1
	}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(stderr, "reliefd export:", err)
		return 2
	}
	start := time.Now()
	err = src.Write(ctx, f, name, p, meta)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(*out)
		fmt.Fprintln(stderr, "reliefd export:", err)
		return 1
	}
	st, _ := os.Stat(*out)
	fmt.Fprintf(stdout, "wrote %s (%d bytes) in %v\n", *out, st.Size(), time.Since(start).Round(time.Millisecond))
	return 0
}
