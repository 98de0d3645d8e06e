package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"reliefledger/store"
)

// reliefd backup --out FILE and reliefd restore FILE: the embedded
// database is copied with VACUUM INTO (safe while serving) and restored by
// placing the copy in an empty data dir; PostgreSQL goes through pg_dump
// -Fc and pg_restore, which these commands call with the right arguments.
// After a restore, `reliefd verify --all` checks what the books rely on.

func runBackup(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "the backup file to write (it must not exist)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "reliefd backup: usage: reliefd backup --out FILE")
		return 2
	}
	if err := backup(ctx, cfg, *out); err != nil {
		fmt.Fprintln(stderr, "reliefd backup:", err)
		return 1
	}
	st, err := os.Stat(*out)
	if err != nil {
		fmt.Fprintln(stderr, "reliefd backup:", err)
		return 1
	}
	fmt.Fprintf(stdout, "backup written: %s (%d bytes); restore it with: reliefd restore %s\n", *out, st.Size(), *out)
	return 0
}

// backup writes one backup of the configured database to out.
func backup(ctx context.Context, cfg config, out string) error {
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s exists; a backup never overwrites a file, choose a new name", out)
	}
	if !isPostgres(cfg.DatabaseURL) {
		db, err := store.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
		if err != nil {
			return err
		}
		defer db.Close()
		return db.BackupTo(ctx, out)
	}
	conn, schema, err := libpqURL(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	args := []string{"--format=custom", "--no-owner", "--file=" + out}
	if schema != "" {
		args = append(args, "--schema="+schema)
	}
	if err := pgTool(ctx, "pg_dump", append(args, "--dbname="+conn)...); err != nil {
		os.Remove(out)
		return err
	}
	return nil
}

func runRestore(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stderr, "reliefd restore: usage: reliefd restore FILE (into an empty data dir, or an empty PostgreSQL database)")
		return 2
	}
	if err := restore(ctx, cfg, args[0]); err != nil {
		fmt.Fprintln(stderr, "reliefd restore:", err)
		var se *store.SchemaError
		if errors.As(err, &se) {
			return exitSchema
		}
		return 1
	}
	fmt.Fprintf(stdout, "restored %s; check it with: reliefd verify --all\n", args[0])
	return 0
}

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// restore puts the backup file into the configured, empty database, then
// migrates it (a backup of an older schema is brought up to date; one of a
// newer schema is refused by the schema guard).
func restore(ctx context.Context, cfg config, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	if !isPostgres(cfg.DatabaseURL) {
		head := make([]byte, len(sqliteMagic))
		if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, sqliteMagic) {
			return fmt.Errorf("%s is not a backup of the embedded database (a PostgreSQL backup restores with DATABASE_URL set)", file)
		}
		target := filepath.Join(cfg.DataDir, "reliefledger.db")
		if p, ok := strings.CutPrefix(cfg.DatabaseURL, "file:"); ok {
			target = p
		}
		if _, err := os.Stat(target); err == nil {
			return fmt.Errorf("the data dir already holds a database (%s): restore into an empty data dir (RELIEF_DATA_DIR), never over live books", target)
		}
		if err := copyFile(f, target); err != nil {
			return err
		}
	} else {
		head := make([]byte, 5)
		if _, err := io.ReadFull(f, head); err != nil || string(head) != "PGDMP" {
			return fmt.Errorf("%s is not a pg_dump custom-format backup (an embedded backup restores with DATABASE_URL empty)", file)
		}
		db, err := store.Open(ctx, cfg.DatabaseURL, "")
		if err != nil {
			return err
		}
		empty, err := db.Empty(ctx)
		if err == nil && !empty {
			err = fmt.Errorf("the database already holds tables: restore into an empty database (createdb a new one), never over live books")
		}
		if err == nil {
			// The dump of one schema lacks the database's extensions.
			err = db.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`)
		}
		db.Close()
		if err != nil {
			return err
		}
		conn, _, err := libpqURL(cfg.DatabaseURL)
		if err != nil {
			return err
		}
		if err := pgTool(ctx, "pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname="+conn, file); err != nil {
			return err
		}
	}
	db, err := store.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Migrate(ctx)
	return err
}

// copyFile writes src to dst through a temporary file in dst's folder,
// synced before it is renamed into place, so that a crash leaves either no
// database or the whole backup.
func copyFile(src io.ReadSeeker, dst string) error {
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".restore-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, src); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), dst)
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// libpqURL is DATABASE_URL as pg_dump and pg_restore read it: without
// the parameters only the service's driver knows (the pool's, and
// search_path, which is returned apart as the schema to dump).
func libpqURL(dsn string) (conn, schema string, err error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", "", fmt.Errorf("DATABASE_URL: %w", err)
	}
	q := u.Query()
	schema = q.Get("search_path")
	for k := range q {
		if k == "search_path" || strings.HasPrefix(k, "pool_") {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), schema, nil
}

// pgTool runs a PostgreSQL client program, its error output in the error.
func pgTool(ctx context.Context, name string, args ...string) error {
	path, err := exec.LookPath(name)
	if err != nil {
		return fmt.Errorf("%s is not installed: install the PostgreSQL client of the server's major version (Debian: apt install postgresql-client)", name)
	}
	var errOut bytes.Buffer
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stderr = &errOut
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %v: %s", name, err, strings.TrimSpace(errOut.String()))
	}
	return nil
}
