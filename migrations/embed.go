// Package migrations holds the SQL schema, one numbered file per change, for
// PostgreSQL and SQLite (same numbers, same meaning). The store applies them
// in order at start, each inside a transaction.
package migrations

import "embed"

// Postgres is the PostgreSQL schema.
//
//go:embed postgres/*.sql
var Postgres embed.FS

// SQLite is the SQLite schema.
//
//go:embed sqlite/*.sql
var SQLite embed.FS
