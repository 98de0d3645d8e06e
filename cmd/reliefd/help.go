package main

import (
	"fmt"
	"io"
	"strings"

	"reliefledger/exports"
)

// command is one row of the command table. `reliefd help` prints the table
// and the README's command list is generated from it (TestReadmeTables);
// TestCommandFlags checks every flag a subcommand defines is in its Usage.
type command struct {
	Usage string // as typed: flags in brackets are optional
	Help  string // Markdown: `code` is printed without its backticks
}

var commands = []command{
	{"reliefd [serve]", "serve the API on `RELIEF_ADDR`; graceful shutdown on SIGINT/SIGTERM (in-flight requests finish)"},
	{"reliefd migrate", "apply migrations and exit. Every command refuses, with exit code 3 and nothing written, a database whose schema is newer " +
		"than the build knows (migrated by a newer reliefd) or whose applied migration differs from the build's (each migration's SHA-256 is kept)"},
	{"reliefd backup --out FILE", "write a backup, safe while the service writes: the embedded database with `VACUUM INTO` (one consistent snapshot, " +
		"writers not blocked), PostgreSQL with `pg_dump --format=custom` (installed with the PostgreSQL client); FILE must not exist"},
	{"reliefd restore FILE", "restore a backup into an empty data dir (`RELIEF_DATA_DIR`), or with `DATABASE_URL` into an empty PostgreSQL database " +
		"(`pg_restore`, one transaction), then migrate it; it never writes over a database that has tables. Then run `reliefd verify --all`"},
	{"reliefd version", "print the build's version (the linker's `-X main.version=`, else the module version, else `0.0.0-dev+<revision>`), " +
		"its VCS revision, Go version and the schema version it knows; `/healthz` and `/metrics` (`reliefledger_build_info`) report the same"},
	{"reliefd verify [--json]", "recompute every balance and the hash chain from the postings; exit 1 on any difference " +
		"(`--json`: the report as `POST /api/v1/ledger/verify` answers it)"},
	{"reliefd verify --all [--json]", "verify as above, and also what the books rely on beside the journal: every receipt sequence (fund, year) " +
		"runs 1…n without a gap and its counter stands at n, every donation, void, delivery, plan and request points at an existing entry, " +
		"and every trigger the migrations created (the append-only guards) is in place; exit 1 naming each problem"},
	{"reliefd verify --checkpoint FILE [--json]", "first check a checkpoint saved from `POST /api/v1/checkpoints` (the answer, as JSON): " +
		"exit 1, saying why, when its signature is not this installation's key's or its entry is no longer in the chain with its hash " +
		"(missing: truncated; other hash: rewritten); then verify as above"},
	{"reliefd seed --demo", "create the admin (token printed once) and load the demo registry and the demo books into an empty database " +
		"(a fresh start on the embedded database does it; on PostgreSQL run this or set `RELIEF_DEMO=true`)"},
	{"reliefd seed --sample-file FILE [--rows N]", "write N (default 1000) synthetic households, not in the demo registry, as a commune's XLSX list, to try the import"},
	{"reliefd seed --entries N", "append N synthetic two-posting entries dated over 2021–2024 in POOR and COVID (donations to the bank, transfers to cash, payments from it; " +
		"never overdrawing), for export, history-read and load measurements"},
	{"reliefd import households [--dry-run] [--json] FILE", "import a commune's list (XLSX or CSV) with a progress bar: every bad row is listed; all rows or none are registered"},
	{"reliefd import bank-statement --fund CODE [--dry-run] [--json] FILE", "import a bank statement (CSV or XLSX, as `POST /api/v1/bank-statements` reads it): " +
		"credit lines become donations, nothing is recorded twice, unusable lines are listed with why"},
	{"reliefd gen donations --fund CODE --count N [--seed N]", "record N generated bank-transfer donations of 2021 through the statement import " +
		"(names as Vietnamese banks write them inside the transfer text, in their real proportions; for measuring the public search); " +
		"the same seed makes the same lines, so a rerun records nothing twice"},
	{"reliefd gen statement --count N [--seed N] FILE", "write the lines `gen donations` would record with that seed as one statement file " +
		"(CSV, as a bank exports it), for measuring `import bank-statement`"},
	{"reliefd export NAME --out FILE [--fund F] [--from D] [--to D] [--as-of D] [--plan N] [--district D] [--warehouse W] [--item I] [--en]",
		"write a workbook, as `GET /api/v1/exports/NAME.xlsx` does; NAME is one of `" + strings.Join(exports.Names, "`, `") + "`"},
	{"reliefd load [--url URL] [--token T] [--target journal|donations] [--clients N] [--duration D] [--warmup D] [--fund F] [--accounts MODE] [--spread N] [--amount A]",
		"load generator: posts two-posting entries over HTTP with N clients (default 64, for 15s after a 2s warm-up; MODE `hot`: all on two accounts, " +
			"or `spread`: over N account pairs), or with `--target donations` bank-transfer donations to the fund (`POST /api/v1/donations`, " +
			"each with its own bank reference), prints throughput and p50/p90/p99, " +
			"then checks that every acknowledged entry is in the books. Start the server with `RELIEF_WRITE_RATE=0` first: " +
			"the default write limit answers `429` to most of its requests"},
	{"reliefd load-search [--url URL] [--search KIND] [--clients N] [--pool N] [--duration D] [--warmup D] [--fund F] [--seed N]",
		"load generator for the public search: N clients (default 16) send `GET /api/v1/public/donations` for 15s after a 2s warm-up, " +
			"each search drawn at random from a pool of distinct queries sampled from the server's donations (KIND `name`: full names, " +
			"`fragment`: one word of a name, `ref`: bank references, `digits`: number fragments as a reader types them, 17, 0912, 3-17; `hostile`: short numbers rare together, 3-17 and ho 3 17, not sampled), and print throughput, p50/p90/p99 and how many found nothing"},
	{"reliefd bench [--url URL] [--token T] [--database URL] [--runs N] [--duration D] [--warmup D] [--clients N] [--only W,…] [--lines N] [--spread N] [--fund F] [--json]",
		"run the standard workloads against a running server (started with `RELIEF_WRITE_RATE=0`): `journal-hot`, `journal-spread`, `donations-hot` " +
			"(N clients, default 64), `single-client`, `statement-import` (one generated statement of N lines, default 20,000), `balance-asof`, " +
			"`trial-balance`, `search-name`, `search-fragment`, `search-ref`; and a ceiling: a bare HTTP endpoint in the bench doing one INSERT per request " +
			"into a scratch table of the same database (`--database`, default `DATABASE_URL`; dropped after), hit by the same N clients. " +
			"Each runs `--runs` times (default 3, 10s after 1s warm-up); prints one table of medians: requests/s, p50, p99, ratio to the ceiling, " +
			"and the 1-minute load average at each run's start. Reads and searches with no data to use say `skipped: no data`"},
	{"reliefd users create --name NAME --role ROLE [--district CODE] [--username U --password-stdin] [--token-name NAME] [--expires 720h] [--no-token]",
		"create a user and print their first API token (shown once); with `--username`, the password to sign in with is read from standard input"},
	{"reliefd users password --username U [--id N] --password-stdin",
		"set or reset a user's password (read from standard input; with `--id`, gives that user the username U) and end all their sessions"},
	{"reliefd help", "this text: commands and configuration"},
}

// plain turns the tables' Markdown into terminal text.
func plain(s string) string { return strings.ReplaceAll(s, "`", "") }

// printUsage prints the command table and the configuration table.
func printUsage(w io.Writer) {
	fmt.Fprint(w, "reliefd — the books of a provincial relief effort\n\nUsage:\n")
	for _, c := range commands {
		writeWrapped(w, c.Usage, "  ", "    ", 84)
		writeWrapped(w, plain(c.Help), "      ", "      ", 84)
	}
	fmt.Fprint(w, "\nEnvironment:\n")
	for _, o := range options {
		def := o.Default
		if def == "" {
			def = "empty"
		}
		fmt.Fprintf(w, "  %s (default %s)\n", o.Env, def)
		writeWrapped(w, plain(o.Help), "      ", "      ", 84)
	}
}

// writeWrapped writes text in lines of at most width characters (a longer
// word stands alone): the first after indent, the others after more. An
// optional part in square brackets is never split.
func writeWrapped(w io.Writer, text, indent, more string, width int) {
	line := ""
	for _, word := range unbroken(text) {
		if line != "" && len([]rune(indent+line+" "+word)) > width {
			fmt.Fprintln(w, indent+line)
			line, indent = "", more
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		fmt.Fprintln(w, indent+line)
	}
}

// commandTable is the README's command list, in Markdown.
func commandTable() string {
	var b strings.Builder
	b.WriteString("| command | what it does |\n|---|---|\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "| `%s` | %s |\n", c.Usage, c.Help)
	}
	return b.String()
}

// optionTable is the README's configuration table, in Markdown.
func optionTable() string {
	var b strings.Builder
	b.WriteString("| variable | default | meaning |\n|---|---|---|\n")
	for _, o := range options {
		def := "empty"
		if o.Default != "" {
			def = "`" + o.Default + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", o.Env, def, o.Help)
	}
	return b.String()
}

// unbroken splits text into words, keeping each [ … ] group whole.
func unbroken(text string) []string {
	var out []string
	depth := 0
	for _, f := range strings.Fields(text) {
		if depth > 0 {
			out[len(out)-1] += " " + f
		} else {
			out = append(out, f)
		}
		depth += strings.Count(f, "[") - strings.Count(f, "]")
	}
	return out
}
