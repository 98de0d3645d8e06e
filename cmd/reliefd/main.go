// Command reliefd runs reliefledger: the HTTP service and its operators'
// commands.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"syscall"
	"time"

	"reliefledger/access"
	"reliefledger/api"
	"reliefledger/audit"
	"reliefledger/checkpoint"
	"reliefledger/distribution"
	"reliefledger/donations"
	"reliefledger/goods"
	"reliefledger/households"
	"reliefledger/ledger"
	"reliefledger/reports"
	"reliefledger/rules"
	"reliefledger/store"
	"reliefledger/web"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	cfg := loadConfig()
	log, err := cfg.logger(stderr)
	if err == nil {
		err = cfg.check(os.LookupEnv)
	}
	if err != nil {
		fmt.Fprintln(stderr, "reliefd:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch cmd {
	case "serve":
		err = serve(ctx, cfg, log, stderr)
	case "migrate":
		err = migrate(ctx, cfg, log)
	case "verify":
		return verify(ctx, cfg, args, stdout, stderr)
	case "load":
		return runLoad(ctx, args, stdout, stderr)
	case "bench":
		return runBench(ctx, cfg, args, stdout, stderr)
	case "load-search":
		return runLoadSearch(ctx, args, stdout, stderr)
	case "users":
		return runUsers(ctx, cfg, args, stdout, stderr)
	case "seed":
		return runSeed(ctx, cfg, args, stdout, stderr)
	case "import":
		return runImport(ctx, cfg, args, stdout, stderr)
	case "export":
		return runExport(ctx, cfg, args, stdout, stderr)
	case "gen":
		return runGen(ctx, cfg, args, stdout, stderr)
	case "backup":
		return runBackup(ctx, cfg, args, stdout, stderr)
	case "restore":
		return runRestore(ctx, cfg, args, stdout, stderr)
	case "version", "--version":
		return runVersion(stdout)
	case "help", "-h", "--help":
		printUsage(stdout)
		return 0
	default:
		fmt.Fprintf(stderr, "reliefd: unknown command %q\n\n", cmd)
		printUsage(stderr)
		return 2
	}
	if err != nil {
		var se *store.SchemaError
		if errors.As(err, &se) {
			return openFailed(stderr, "reliefd "+cmd, err, 1)
		}
		log.Error("reliefd "+cmd+" failed", "err", err)
		return 1
	}
	return 0
}

// app is the wired service.
type app struct {
	db       *store.DB
	ledger   *ledger.Service
	access   *access.Service
	users    *access.Users
	sessions *access.Sessions
	audit    *audit.Log

	households   *households.Service
	donations    *donations.Service
	goods        *goods.Service
	distribution *distribution.Service
	campaigns    *rules.Service
}

func (a *app) close() {
	a.ledger.Close()
	a.audit.Close()
	a.db.Close()
}

// open connects, migrates and seeds the database and wires the services.
func open(ctx context.Context, cfg config, log *slog.Logger) (*app, error) {
	db, err := store.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(applied) > 0 {
		log.Info("migrated", "database", db.String(), "applied", applied)
	}
	return wire(ctx, db)
}

// wire seeds a migrated database (funds, administrative units, warehouses)
// and wires the services over it. The app owns db from here: close closes it.
func wire(ctx context.Context, db *store.DB) (*app, error) {
	a := &app{db: db, ledger: ledger.NewService(db.Ledger(), ledger.Options{}), access: access.NewService(db.Access(), nil),
		audit: audit.New(db.Audit(), nil)}
	a.users = access.NewUsers(db.Access(), a.access, nil)
	a.sessions = access.NewSessions(db.Access(), nil)
	a.sessions.Audit = auditSignIn(a.audit)
	a.households = households.NewService(db.Households(), nil)
	a.users.District = a.households.DistrictExists
	a.donations = donations.NewService(db.Donations(), a.ledger, nil)
	a.donations.DistrictExists = a.households.DistrictExists
	if err := a.households.LoadRegions(ctx); err != nil {
		a.close()
		return nil, fmt.Errorf("load administrative units: %w", err)
	}
	if err := a.ledger.SeedFunds(ctx); err != nil {
		a.close()
		return nil, err
	}
	a.goods = goods.NewService(db.Goods(), a.ledger, nil)
	a.goods.DistrictExists = a.households.DistrictExists
	if err := a.goods.Seed(ctx, a.households.DistrictNames()); err != nil {
		a.close()
		return nil, fmt.Errorf("seed warehouses: %w", err)
	}
	a.donations.Warehouse = a.goods.WarehouseDistrict
	a.distribution = distribution.NewService(db.Distribution(), a.ledger, a.goods, a.households, nil)
	a.campaigns = rules.NewService(db.Campaigns(), a.ledger, nil, nil)
	return a, nil
}

func migrate(ctx context.Context, cfg config, log *slog.Logger) error {
	a, err := open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.close()
	log.Info("database is up to date", "database", a.db.String())
	return nil
}

// demoRegistry is the registry a fresh start loads as demo data; nil is the
// whole synthetic registry. TestReadmeExamples, under the race detector
// (which slows the SQLite driver some twentyfold), loads one district's part.
var demoRegistry []households.Household

func serve(ctx context.Context, cfg config, log *slog.Logger, stderr io.Writer) error {
	a, err := open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.close()
	if err := bootstrap(ctx, a, cfg, log, stderr); err != nil {
		return err
	}
	if cfg.wantDemo() {
		if _, err := loadDemo(ctx, a, demoRegistry, log, stderr); err != nil {
			return err
		}
	}
	rate, burst, err := cfg.writeLimit()
	if err != nil {
		return err
	}
	uploads, err := cfg.uploads()
	if err != nil {
		return err
	}
	metrics := api.NewMetrics()
	b := buildVersion()
	metrics.SetBuild(b.Version, b.Revision, b.GoVersion, store.KnownSchema())
	metrics.WatchLedger(a.ledger)
	metrics.WatchPool(func() (int, int, int) { p := a.db.Pool(); return p.InUse, p.Open, p.Max })
	a.ledger.OnBatch = metrics.ObserveBatch
	metrics.Slow = func(size int, took time.Duration) {
		log.Warn("slow journal transaction", "entries", size, "ms", took.Milliseconds())
	}
	key, err := checkpointKey(cfg, true, log)
	if err != nil {
		return err
	}
	checkpoints := checkpoint.NewService(a.db.Checkpoints(), a.ledger, key, nil)
	srv := &api.Server{Ledger: a.ledger, Access: a.access, Users: a.users, Sessions: a.sessions, Audit: a.audit, Households: a.households, Donations: a.donations, Goods: a.goods, Distribution: a.distribution, DB: a.db, Log: log, Metrics: metrics,
		Version: b.Version, TrustedProxies: cfg.proxies().CIDRs(), WriteRate: rate, WriteBurst: burst, Checkpoints: checkpoints, MaxUpload: uploads.Bytes, Uploads: uploads}
	srv.Campaigns = a.campaigns
	pages := &web.Server{Ledger: a.ledger, Donations: a.donations, Distribution: a.distribution, Households: a.households, Goods: a.goods,
		Checkpoints: checkpoints, Audit: a.audit, PublicURL: cfg.PublicURL, Log: log, Sessions: a.webSignIn(cfg)}
	// One summary report service for the API, its workbook and the page.
	summaries := &reports.Service{Ledger: a.ledger, Donations: a.donations, Goods: a.goods, Distribution: a.distribution,
		Households: a.households, Checkpoints: checkpoints}
	srv.Reports, pages.Reports = summaries, summaries
	// Lag-tolerant reads to DATABASE_REPLICA_URLS.
	pagesH, err := useReplicas(ctx, cfg, a.db, srv, pages, metrics)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Addr: cfg.Addr, Handler: handler(srv.Handler(), pagesH),
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute,
	}
	if cfg.DebugAddr != "" {
		go func() {
			log.Info("serving pprof", "addr", cfg.DebugAddr)
			if err := http.ListenAndServe(cfg.DebugAddr, pprofMux()); err != nil {
				log.Error("pprof server", "err", err)
			}
		}()
	}
	cctx, stopCheckpoints := context.WithCancel(ctx)
	cdone := make(chan struct{})
	go func() {
		defer close(cdone)
		runCheckpoints(cctx, checkpoints, checkpointEvery, log)
	}()
	defer func() { stopCheckpoints(); <-cdone }() // before the database closes
	if window, _ := cfg.idempotencyWindow(); window > 0 {
		kdone := make(chan struct{})
		go func() {
			defer close(kdone)
			pruneKeys(cctx, a.db, window, log)
		}()
		defer func() { stopCheckpoints(); <-kdone }()
	}
	if cfg.BackupDir != "" {
		every, keep, _ := cfg.backups()
		bdone := make(chan struct{})
		go func() {
			defer close(bdone)
			scheduleBackups(cctx, cfg, every, keep, log)
		}()
		defer func() { stopCheckpoints(); <-bdone }()
	}
	errc := make(chan error, 1)
	go func() {
		if cfg.TLSCert != "" {
			errc <- hs.ListenAndServeTLS(cfg.TLSCert, cfg.TLSKey)
			return
		}
		errc <- hs.ListenAndServe()
	}()
	log.Info("serving", "addr", cfg.Addr, "tls", cfg.TLSCert != "", "database", a.db.String(), "version", buildVersion().Version)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// bootstrap creates the first admin user on an empty database and prints
// its token once, unless RELIEF_BOOTSTRAP_TOKEN gave it, and its password
// (username admin) once, unless RELIEF_BOOTSTRAP_PASSWORD gave it. They go
// to stderr as plain text, never to the structured log.
func bootstrap(ctx context.Context, a *app, cfg config, log *slog.Logger, stderr io.Writer) error {
	if cfg.BootstrapPassword != "" {
		if err := access.CheckPasswordRule(cfg.BootstrapPassword, "admin"); err != nil {
			return fmt.Errorf("RELIEF_BOOTSTRAP_PASSWORD: %w", err)
		}
	}
	secret, err := a.access.Bootstrap(ctx, cfg.BootstrapToken)
	if err != nil {
		return fmt.Errorf("bootstrap admin: %w", err)
	}
	if secret == "" {
		return nil
	}
	password := cfg.BootstrapPassword
	if password == "" {
		password = access.NewPassword()
	}
	admins, err := a.users.List(ctx, 0, 1)
	if err != nil || len(admins) == 0 {
		return fmt.Errorf("bootstrap admin: find the admin: %v", err)
	}
	if _, err := a.users.SetPassword(ctx, admins[0].ID, "admin", password); err != nil {
		return fmt.Errorf("bootstrap admin: password: %w", err)
	}
	if cfg.BootstrapToken == "" {
		fmt.Fprintf(stderr, "\nreliefd: created the first admin user. Its API token, shown only this once:\n\n    %s\n\n", secret)
	} else {
		log.Info("created the first admin user with RELIEF_BOOTSTRAP_TOKEN")
	}
	if cfg.BootstrapPassword == "" {
		fmt.Fprintf(stderr, "reliefd: sign in at /login as admin with this password, shown only this once:\n\n    %s\n\n", password)
	} else {
		log.Info("the first admin signs in as admin with RELIEF_BOOTSTRAP_PASSWORD")
	}
	return nil
}

// handler sends the API's paths to the API and every other path to the
// web pages: the API's route table stays whole, the pages keep their own.
func handler(apiH, webH http.Handler) http.Handler {
	m := http.NewServeMux()
	for _, p := range []string{"/api/", "/healthz", "/readyz", "/metrics", "/openapi.json"} {
		m.Handle(p, apiH)
	}
	m.Handle("/", webH)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Served over TLS: browsers must keep to HTTPS from now on.
		if r.TLS != nil {
			w.Header().Set("Strict-Transport-Security", "max-age=63072000")
		}
		m.ServeHTTP(w, r)
	})
}

func pprofMux() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("/debug/pprof/", pprof.Index)
	m.HandleFunc("/debug/pprof/profile", pprof.Profile)
	m.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return m
}

func verify(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	cpFile := fs.String("checkpoint", "", "a checkpoint to check first: JSON as POST /api/v1/checkpoints answered it")
	all := fs.Bool("all", false, "also check receipts without gaps, rows tied to their entries and the append-only triggers")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var cp *checkpoint.Checkpoint
	if *cpFile != "" {
		c, err := readCheckpointFile(*cpFile)
		if err != nil {
			fmt.Fprintln(stderr, "reliefd verify:", err)
			return 2
		}
		cp = &c
	}
	log, _ := cfg.logger(stderr)
	a, err := open(ctx, cfg, log)
	if err != nil {
		return openFailed(stderr, "reliefd verify", err, 2)
	}
	defer a.close()
	out := map[string]any{}
	if cp != nil {
		if code := reportCheckpoint(ctx, a, cfg, *cp, *asJSON, out, stdout, stderr, log); code != 0 {
			return code
		}
	}
	r, err := a.ledger.Verify(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "reliefd verify:", err)
		return 2
	}
	var integrity []store.IntegrityProblem
	if *all {
		if integrity, err = a.db.CheckIntegrity(ctx); err != nil {
			fmt.Fprintln(stderr, "reliefd verify:", err)
			return 2
		}
	}
	ok := r.OK() && len(integrity) == 0
	if *asJSON {
		out["ok"], out["entries"], out["postings"], out["balances"] = r.OK(), r.Entries, r.Postings, r.Balances
		out["head"] = map[string]any{"last_id": r.Head.LastID, "last_hash": r.Head.LastHash}
		out["problems"] = r.Problems
		if r.Problems == nil {
			out["problems"] = []ledger.Problem{} // [], as the API answers
		}
		if *all {
			out["ok"], out["integrity"] = ok, append([]store.IntegrityProblem{}, integrity...)
		}
		writeJSON(stdout, out)
	} else {
		fmt.Fprintf(stdout, "checked %d entries, %d postings, %d balances; head entry %d %s\n",
			r.Entries, r.Postings, r.Balances, r.Head.LastID, r.Head.LastHash)
		for _, p := range r.Problems {
			fmt.Fprintf(stdout, "PROBLEM %-10s %s\n", p.Kind, p.Detail)
		}
		for _, p := range integrity {
			fmt.Fprintf(stdout, "PROBLEM %-10s %s\n", p.Check, p.Detail)
		}
		switch {
		case ok && *all:
			fmt.Fprintln(stdout, "OK: every balance and the hash chain match the journal; receipts run without gaps, "+
				"every row's entry exists and the append-only triggers are in place")
		case ok:
			fmt.Fprintln(stdout, "OK: every balance and the hash chain match the journal")
		}
	}
	if !ok {
		return 1
	}
	return 0
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
