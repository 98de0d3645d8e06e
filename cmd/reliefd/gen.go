package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"reliefledger/donations"
	"reliefledger/internal/fold"
	"reliefledger/ledger"
)

// genChunk is how many lines one generated statement holds: each goes
// through the statement import as an operator's file would, in the
// import's own transactions of 5,000.
const genChunk = 100_000

// runGen is `reliefd gen donations --fund CODE --count N [--seed N]`: real
// donations through the books, as bank statements of 2021 would bring
// them, for measuring the public search on a national appeal's scale. The
// same seed makes the same statements, which the import recognises: a
// rerun records nothing twice.
func runGen(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) int {
	usage := "usage: reliefd gen donations --fund CODE --count N [--seed N]\n       reliefd gen statement --count N [--seed N] FILE"
	if len(args) > 0 && args[0] == "statement" {
		return runGenStatement(args[1:], stdout, stderr, usage)
	}
	if len(args) == 0 || args[0] != "donations" {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	fs := flag.NewFlagSet("gen donations", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fund := fs.String("fund", "", "fund code, e.g. COVID")
	count := fs.Int("count", 0, "donations to create (at most 10,000,000)")
	seed := fs.Uint64("seed", 1, "seed of the generated statements: the same seed makes the same lines (a rerun records nothing twice)")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 0 || *fund == "" || *count < 1 || *count > 10_000_000 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	log, _ := cfg.logger(stderr)
	a, err := open(ctx, cfg, log)
	if err != nil {
		return openFailed(stderr, "reliefd gen", err, 1)
	}
	defer a.close()
	bulkMemoryLimit()
	bar := newProgress(stderr, "recording")
	start := time.Now()
	var created, dups int
	total := decimal.Zero
	for from := 0; from < *count; from += genChunk {
		n := min(genChunk, *count-from)
		file := genStatement(*seed, from/genChunk, n)
		rep, err := a.donations.ImportStatement(ctx, ledger.Actor{UserID: 1}, fmt.Sprintf("gen-%d-%d.csv", *seed, from/genChunk), bytes.NewReader(file),
			donations.StatementOptions{Fund: *fund, Limits: operatorLimits, Progress: func(done, _ int) { bar.set(from+done, *count) }})
		if err != nil {
			fmt.Fprintln(stderr, "reliefd gen:", err)
			return 1
		}
		if rep.Rejected > 0 {
			fmt.Fprintf(stderr, "reliefd gen: %d generated lines refused, the first: line %d: %s\n", rep.Rejected, rep.Problems[0].Line, rep.Problems[0].Reason)
			return 1
		}
		created, dups, total = created+rep.Created, dups+rep.Duplicates, total.Add(rep.ImportedTotal)
	}
	fmt.Fprintf(stdout, "%d donations recorded to %s (%s đ), %d already there from an earlier run with seed %d; took %s\n",
		created, *fund, total, dups, *seed, time.Since(start).Round(time.Millisecond))
	return 0
}

// runGenStatement is `reliefd gen statement --count N [--seed N] FILE`:
// the lines gen donations would import with the same seed, as one
// statement file an operator would upload (for measuring the import).
func runGenStatement(args []string, stdout, stderr io.Writer, usage string) int {
	fs := flag.NewFlagSet("gen statement", flag.ContinueOnError)
	fs.SetOutput(stderr)
	count := fs.Int("count", 0, "lines (at most 1,000,000: a statement has at most as many rows as Excel shows)")
	seed := fs.Uint64("seed", 1, "seed of the generated lines")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 || *count < 1 || *count > 1_000_000 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	f, err := os.Create(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "reliefd gen:", err)
		return 1
	}
	w := bufio.NewWriter(f)
	for from := 0; from < *count; from += genChunk {
		part := genStatement(*seed, from/genChunk, min(genChunk, *count-from))
		if from > 0 { // one header: drop the chunk's BOM and header line
			part = part[bytes.IndexByte(part, '\n')+1:]
		}
		w.Write(part)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		fmt.Fprintln(stderr, "reliefd gen:", err)
		return 1
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(stderr, "reliefd gen:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d lines written to %s\n", *count, fs.Arg(0))
	return 0
}

// genStatement writes chunk number chunk of a seed's generated statement:
// n credit lines of 2021 in the generic CSV layout, as a Vietnamese bank
// exports them, the sender mostly only inside the transfer text.
func genStatement(seed uint64, chunk, n int) []byte {
	rng := rand.New(rand.NewPCG(seed, uint64(chunk)))
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.Write([]string{"date", "reference", "amount", "description", "counterparty_name", "counterparty_account"})
	for i := 0; i < n; i++ {
		w.Write(genLine(rng))
	}
	w.Flush()
	return b.Bytes()
}

var amountTotal = func() int {
	t := 0
	for _, a := range amounts {
		t += a.w
	}
	return t
}()

// genLine is one transfer: when, the bank's reference, how much, the text.
func genLine(rng *rand.Rand) []string {
	day := genDay(rng)
	date := fmt.Sprintf("%02d/%02d/2021 %02d:%02d:%02d", day.Day(), day.Month(), 6+rng.IntN(16), rng.IntN(60), rng.IntN(60))
	ref := fmt.Sprintf("FT21%03d%07d", day.YearDay(), rng.IntN(10_000_000))
	var amount int64
	if rng.IntN(10) == 0 { // a sum of one's own: 123.456 đ
		amount = int64(10_000 + rng.IntN(5_000_000))
	} else {
		k := rng.IntN(amountTotal)
		for _, a := range amounts {
			if k < a.w {
				amount = a.v
				break
			}
			k -= a.w
		}
	}
	name := personName(rng)
	upper := strings.ToUpper(fold.String(name))
	purpose := purposes[rng.IntN(len(purposes))]
	acct := strconv.Itoa(1_000_000_000 + rng.IntN(9_000_000_000))
	phone := "09" + fmt.Sprintf("%08d", rng.IntN(100_000_000))
	var desc, who, whoAcct string
	switch k := rng.IntN(100); {
	case k < 30: // Vietcombank's app
		desc = fmt.Sprintf("MBVCB.%d.%06d.%s %s", 1_000_000_000+rng.IntN(9_000_000_000), rng.IntN(1_000_000), upper, purpose)
	case k < 45: // interbank fast transfer
		desc = fmt.Sprintf("IBFT %s chuyen tien %s", upper, purpose)
	case k < 58:
		desc = fmt.Sprintf("%s chuyen tien ung ho quy covid %s", upper, phone)
	case k < 68:
		desc = fmt.Sprintf("TKThe :%s, tai %s. %s %s -CTLNHIDI000%010d", acct, banks[rng.IntN(len(banks))], upper, purpose, rng.IntN(10_000_000_000))
	case k < 80: // typed with accents, the bank gives the sender's name
		desc, who, whoAcct = name+" "+purpose, name, acct
	case k < 90:
		desc = fmt.Sprintf("%s;%s;%s %s", banks[rng.IntN(len(banks))], acct, upper, purpose)
	case k < 95: // an organisation
		who = organisations[rng.IntN(len(organisations))]
		desc = strings.ToUpper(fold.String(who)) + " " + purpose
	default: // no name at all
		desc = purpose + " " + phone
	}
	return []string{date, ref, strconv.FormatInt(amount, 10), desc, who, whoAcct}
}

// genDay draws a day of 2021, three times as likely in July to September,
// when the fourth wave reached Sóc Trăng.
func genDay(rng *rand.Rand) time.Time {
	for {
		d := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(365))
		if m := d.Month(); (m >= time.July && m <= time.September) || rng.IntN(3) == 0 {
			return d
		}
	}
}
