package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"reliefledger/internal/lograte"
	"reliefledger/internal/proxy"
	"reliefledger/internal/sheet"
)

// config is the whole configuration, read from the environment.
type config struct {
	DatabaseURL    string
	DataDir        string
	Addr           string
	BootstrapToken string
	LogLevel       string
	LogFormat      string
	Demo           string
	DebugAddr      string
	WriteRate      string
	WriteBurst     string
	CheckpointKey  string
	MaxUploadMB    string
	MaxInflatedMB  string
	MaxRatio       string
	MaxRows        string
	PublicURL      string

	// Sign-in (see the options table).
	BootstrapPassword                  string
	TrustedProxies                     string
	TLSCert, TLSKey                    string
	BackupDir, BackupEvery, BackupKeep string
	IdempotencyDays                    string

	// Read replicas (replica.go).
	ReplicaURLs, ReplicaMaxLag string
}

// option is one row of the options table: the variable, its default and
// what it does (Markdown). `reliefd help` prints it and the README's
// configuration table is generated from it (TestReadmeTables).
type option struct {
	Env, Default, Help string
	Target             func(*config) *string
}

var options = []option{
	{"DATABASE_URL", "", "PostgreSQL URL (`postgres://…`); empty means the embedded SQLite file under `RELIEF_DATA_DIR`",
		func(c *config) *string { return &c.DatabaseURL }},
	{"RELIEF_DATA_DIR", "./data", "folder of the embedded database (kept out of git)", func(c *config) *string { return &c.DataDir }},
	{"RELIEF_ADDR", ":8080", "address to listen on", func(c *config) *string { return &c.Addr }},
	{"RELIEF_BOOTSTRAP_TOKEN", "", "API token of the first admin, created on an empty database; generated and printed once when empty (at least 16 characters)",
		func(c *config) *string { return &c.BootstrapToken }},
	{"RELIEF_BOOTSTRAP_PASSWORD", "", "password of the first admin (username `admin`), set on an empty database; generated and printed once (never to the log) when empty",
		func(c *config) *string { return &c.BootstrapPassword }},
	{"RELIEF_TLS_CERT", "", "PEM certificate (chain) file: with `RELIEF_TLS_KEY`, serve HTTPS on `RELIEF_ADDR` directly, with `Strict-Transport-Security` and `Secure` cookies",
		func(c *config) *string { return &c.TLSCert }},
	{"RELIEF_TLS_KEY", "", "PEM private key file of `RELIEF_TLS_CERT`", func(c *config) *string { return &c.TLSKey }},
	{"RELIEF_BACKUP_DIR", "", "if set, the running service writes a backup there every `RELIEF_BACKUP_EVERY` (as `reliefd backup` does: " +
		"`reliefledger-YYYYMMDD-HHMMSS.db`, or `.pgdump` on PostgreSQL) and keeps the newest `RELIEF_BACKUP_KEEP`; for the office PC with no DBA",
		func(c *config) *string { return &c.BackupDir }},
	{"RELIEF_BACKUP_EVERY", "24h", "how often the scheduled backup runs (a Go duration: `6h`, `30m`; at least `1m`)", func(c *config) *string { return &c.BackupEvery }},
	{"RELIEF_BACKUP_KEEP", "7", "how many scheduled backups to keep (the oldest beyond it are deleted)", func(c *config) *string { return &c.BackupKeep }},
	{"RELIEF_IDEMPOTENCY_DAYS", "30", "how long an `Idempotency-Key` is remembered: a retry within it replays the first answer; older keys are deleted hourly " +
		"in the background (`0`: never). Clients retry within minutes; the window bounds the table",
		func(c *config) *string { return &c.IdempotencyDays }},
	{"RELIEF_TRUSTED_PROXIES", "", "comma-separated addresses or CIDRs of the reverse proxies in front (e.g. `127.0.0.1,10.0.0.0/8`): only a connection from one of them " +
		"may name the client with `X-Forwarded-For` (the address the audit log records) and mark the request secure with `X-Forwarded-Proto: https` " +
		"(session cookies are then `Secure`; they always are on a TLS connection). Empty: nobody; the client is the connection's peer",
		func(c *config) *string { return &c.TrustedProxies }},
	{"RELIEF_LOG_LEVEL", "info", "`debug`, `info`, `warn` or `error`", func(c *config) *string { return &c.LogLevel }},
	{"RELIEF_LOG_FORMAT", "text", "`text` or `json` (log/slog)", func(c *config) *string { return &c.LogFormat }},
	{"RELIEF_DEMO", "auto", "demo data into an empty database: `auto` (embedded database only), `true`, `false`",
		func(c *config) *string { return &c.Demo }},
	{"RELIEF_DEBUG_ADDR", "", "if set (e.g. `127.0.0.1:6060`), Go's pprof profiles are served there, apart from the API",
		func(c *config) *string { return &c.DebugAddr }},
	{"RELIEF_WRITE_RATE", "50", "writes per second allowed per API token (`0`: no limit); over it: `429` with `Retry-After`. Set `0` for `reliefd load`",
		func(c *config) *string { return &c.WriteRate }},
	{"RELIEF_WRITE_BURST", "200", "writes a token may make in a burst above that rate", func(c *config) *string { return &c.WriteBurst }},
	{"RELIEF_CHECKPOINT_KEY", "", "base64 of the 32-byte ed25519 seed that signs checkpoints; empty means the file `checkpoint.key` under `RELIEF_DATA_DIR`, " +
		"created (mode `0600`) on first start. Every process of one installation must use the same key: with several servers, set this",
		func(c *config) *string { return &c.CheckpointKey }},
	{"RELIEF_MAX_UPLOAD_MB", "50", "largest uploaded file (statement, household list, signed list), in MB; over it: `413`",
		func(c *config) *string { return &c.MaxUploadMB }},
	{"RELIEF_MAX_INFLATED_MB", "256", "largest size an uploaded XLSX may inflate to, in MB; checked on the zip's declared sizes before anything inflates (`413`)",
		func(c *config) *string { return &c.MaxInflatedMB }},
	{"RELIEF_MAX_INFLATE_RATIO", "100", "most times an uploaded XLSX may inflate its own size (`413`): a zip bomb is refused in milliseconds",
		func(c *config) *string { return &c.MaxRatio }},
	{"RELIEF_MAX_UPLOAD_ROWS", "0", "most rows of an uploaded file; `0` keeps each file's own limit (statements 1,048,576, household lists 200,000, " +
		"signed lists 100,000); a CSV's lines are counted before any is parsed",
		func(c *config) *string { return &c.MaxRows }},
	{"RELIEF_PUBLIC_URL", "", "the portal's public address (e.g. `https://minhbach.example.vn`), for the QR code on a printed receipt; empty means the address each request came to",
		func(c *config) *string { return &c.PublicURL }},
	{"DATABASE_REPLICA_URLS", "", "comma-separated `postgres://` URLs of streaming replicas of `DATABASE_URL`: the public portal, lists, reports, fairness and exports " +
		"read from one that is up and at most `RELIEF_REPLICA_MAX_LAG` behind (a caller's own writes are still seen); writes and everything else use the primary. " +
		"PostgreSQL only (docs/operations.md, *Read replicas*)",
		func(c *config) *string { return &c.ReplicaURLs }},
	{"RELIEF_REPLICA_MAX_LAG", "5s", "a replica further behind the primary than this (a Go duration) is skipped until it catches up",
		func(c *config) *string { return &c.ReplicaMaxLag }},
}

func loadConfig() config { return readConfig(os.LookupEnv) }

// defaultConfig is the configuration of an empty environment.
func defaultConfig() config {
	return readConfig(func(string) (string, bool) { return "", false })
}

func readConfig(lookup func(string) (string, bool)) config {
	var c config
	for _, o := range options {
		v, ok := lookup(o.Env)
		if !ok {
			v = o.Default
		}
		*o.Target(&c) = strings.TrimSpace(v)
	}
	return c
}

// check refuses values the service would otherwise take silently, and
// options that were renamed, naming each.
func (c config) check(lookup func(string) (string, bool)) error {
	if _, ok := lookup("RELIEF_TRUST_PROXY"); ok {
		return fmt.Errorf("RELIEF_TRUST_PROXY is replaced by RELIEF_TRUSTED_PROXIES: the addresses or CIDRs of your reverse proxies (e.g. 127.0.0.1)")
	}
	switch strings.ToLower(c.LogFormat) {
	case "text", "json":
	default:
		return fmt.Errorf("RELIEF_LOG_FORMAT %q: want text or json", c.LogFormat)
	}
	switch strings.ToLower(c.Demo) {
	case "auto", "true", "1", "yes", "false", "0", "no":
	default:
		return fmt.Errorf("RELIEF_DEMO %q: want auto, true or false", c.Demo)
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return fmt.Errorf("RELIEF_TLS_CERT and RELIEF_TLS_KEY go together: set both to serve HTTPS, or neither")
	}
	if _, err := c.idempotencyWindow(); err != nil {
		return err
	}
	if _, _, err := c.backups(); err != nil {
		return err
	}
	if _, err := proxy.Parse(c.TrustedProxies); err != nil {
		return fmt.Errorf("RELIEF_TRUSTED_PROXIES: %w", err)
	}
	if _, err := c.replicas(); err != nil {
		return err
	}
	return nil
}

// wantDemo reports whether an empty database gets demo data.
func (c config) wantDemo() bool {
	switch strings.ToLower(c.Demo) {
	case "true", "1", "yes":
		return true
	case "false", "0", "no":
		return false
	}
	return c.DatabaseURL == ""
}

func (c config) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, fmt.Errorf("RELIEF_LOG_LEVEL: %w", err)
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if c.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	// An outage fails every request the same way: five lines of each kind
	// of trouble per ten seconds, then a count of the lines held back.
	return slog.New(lograte.New(h, 5, 10*time.Second)), nil
}

// writeLimit parses the write rate limit.
func (c config) writeLimit() (float64, int, error) {
	rate, err := strconv.ParseFloat(c.WriteRate, 64)
	if err != nil || rate < 0 {
		return 0, 0, fmt.Errorf("RELIEF_WRITE_RATE must be a number ≥ 0, got %q", c.WriteRate)
	}
	burst, err := strconv.Atoi(c.WriteBurst)
	if err != nil || burst < 1 {
		return 0, 0, fmt.Errorf("RELIEF_WRITE_BURST must be a whole number ≥ 1, got %q", c.WriteBurst)
	}
	return rate, burst, nil
}

// operatorLimits bound the files an operator imports from the command
// line: a trusted local file may be larger than an upload.
var operatorLimits = sheet.Limits{Bytes: 1 << 30, Inflated: 4 << 30, Ratio: 1000}

// uploads parses the upload limits.
func (c config) uploads() (sheet.Limits, error) {
	var l sheet.Limits
	num := func(name, v string, min int) (int, error) {
		n, err := strconv.Atoi(v)
		if err != nil || n < min {
			return 0, fmt.Errorf("%s must be a whole number ≥ %d, got %q", name, min, v)
		}
		return n, nil
	}
	mb, err := num("RELIEF_MAX_UPLOAD_MB", c.MaxUploadMB, 1)
	if err != nil {
		return l, err
	}
	inflated, err := num("RELIEF_MAX_INFLATED_MB", c.MaxInflatedMB, 1)
	if err != nil {
		return l, err
	}
	if l.Ratio, err = num("RELIEF_MAX_INFLATE_RATIO", c.MaxRatio, 1); err != nil {
		return l, err
	}
	if l.Rows, err = num("RELIEF_MAX_UPLOAD_ROWS", c.MaxRows, 0); err != nil {
		return l, err
	}
	l.Bytes, l.Inflated = int64(mb)<<20, int64(inflated)<<20
	return l, nil
}
