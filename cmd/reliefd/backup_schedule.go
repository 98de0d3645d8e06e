package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// backups is RELIEF_BACKUP_EVERY and RELIEF_BACKUP_KEEP, checked.
func (c config) backups() (every time.Duration, keep int, err error) {
	every, err = time.ParseDuration(c.BackupEvery)
	if err != nil || every < time.Minute && !testingBackups {
		return 0, 0, fmt.Errorf("RELIEF_BACKUP_EVERY %q: want a duration of at least 1m, e.g. 24h", c.BackupEvery)
	}
	keep, err = strconv.Atoi(c.BackupKeep)
	if err != nil || keep < 1 {
		return 0, 0, fmt.Errorf("RELIEF_BACKUP_KEEP %q: want a whole number of at least 1", c.BackupKeep)
	}
	return every, keep, nil
}

// idempotencyWindow is RELIEF_IDEMPOTENCY_DAYS; 0 keeps keys forever.
func (c config) idempotencyWindow() (time.Duration, error) {
	d, err := strconv.Atoi(c.IdempotencyDays)
	if err != nil || d < 0 || d > 3650 {
		return 0, fmt.Errorf("RELIEF_IDEMPOTENCY_DAYS %q: want a whole number of days, 0 (keep forever) to 3650", c.IdempotencyDays)
	}
	return time.Duration(d) * 24 * time.Hour, nil
}

// pruneKeys deletes idempotency keys older than window every hour (and
// once at start) until ctx ends.
func pruneKeys(ctx context.Context, db interface {
	PruneIdempotency(context.Context, time.Time) (int64, error)
}, window time.Duration, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		n, err := db.PruneIdempotency(ctx, time.Now().Add(-window))
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("pruning idempotency keys failed", "err", err)
		case n > 0:
			log.Info("idempotency keys pruned", "deleted", n, "older_than_days", int(window.Hours()/24))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// testingBackups lets tests schedule backups more often than a minute.
var testingBackups bool

// backupPrefix starts the name of every scheduled backup; only such files
// are ever deleted.
const backupPrefix = "reliefledger-"

// scheduleBackups writes a backup into cfg.BackupDir every period and
// keeps the newest keep, until ctx ends. A failed backup is logged and
// retried at the next tick; it never stops the service.
func scheduleBackups(ctx context.Context, cfg config, every time.Duration, keep int, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		ext := ".db"
		if isPostgres(cfg.DatabaseURL) {
			ext = ".pgdump"
		}
		file := filepath.Join(cfg.BackupDir, backupPrefix+time.Now().UTC().Format("20060102-150405.000")+ext)
		start := time.Now()
		if err := backup(ctx, cfg, file); err != nil {
			if ctx.Err() == nil {
				log.Error("scheduled backup failed", "file", file, "err", err)
			}
			continue
		}
		log.Info("scheduled backup written", "file", file, "ms", time.Since(start).Milliseconds())
		if err := pruneBackups(cfg.BackupDir, keep); err != nil {
			log.Error("pruning old backups failed", "dir", cfg.BackupDir, "err", err)
		}
	}
}

// pruneBackups deletes the oldest scheduled backups beyond keep (their
// names sort by time).
func pruneBackups(dir string, keep int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasPrefix(e.Name(), backupPrefix) && (strings.HasSuffix(e.Name(), ".db") || strings.HasSuffix(e.Name(), ".pgdump")) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for len(names) > keep {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			return err
		}
		names = names[1:]
	}
	return nil
}
