package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Schema is the live schema of a database, read from its catalog, in a
// form that both backends share so that tests can compare them.
type Schema struct {
	Tables []Table // by name
}

// Table is one table of a Schema.
type Table struct {
	Name       string
	Columns    []Column // in the order of the table's definition
	PrimaryKey []string
	Indexes    []Index   // unique constraints and indexes, by name; not the primary key
	Triggers   []Trigger // by name
}

// Column is one column of a Table.
type Column struct {
	Name    string
	Type    TypeClass
	NotNull bool
}

// TypeClass is a column's declared type reduced to what both backends can
// say: integer, text, numeric, boolean, timestamp or date; any other type
// is "other:" and its name.
type TypeClass string

// The type classes.
const (
	TypeInteger   TypeClass = "integer"
	TypeText      TypeClass = "text"
	TypeNumeric   TypeClass = "numeric"
	TypeBoolean   TypeClass = "boolean"
	TypeTimestamp TypeClass = "timestamp"
	TypeDate      TypeClass = "date"
)

// Index is a unique constraint or an index of a Table.
type Index struct {
	Name    string
	Columns []string // "(expression)" for an expression
	Unique  bool
	Partial bool // has a WHERE clause
	// Constraint is set for a UNIQUE constraint of the table's definition,
	// whose index the database names itself.
	Constraint bool
}

// Trigger is a trigger on a Table.
type Trigger struct {
	Name   string
	Timing string   // BEFORE, AFTER or INSTEAD OF
	Events []string // INSERT, UPDATE, DELETE, sorted
}

// Table returns the table of s with the name, and whether there is one.
func (s Schema) Table(name string) (Table, bool) {
	for _, t := range s.Tables {
		if t.Name == name {
			return t, true
		}
	}
	return Table{}, false
}

// Schema reads db's tables with their columns, keys, indexes and triggers:
// from information_schema and pg_catalog (the current schema only) on
// PostgreSQL, from sqlite_master and the table pragmas on SQLite.
func (db *DB) Schema(ctx context.Context) (Schema, error) {
	read := db.sqliteSchema
	if db.pg {
		read = db.pgSchema
	}
	s, err := read(ctx)
	if err != nil {
		return Schema{}, fmt.Errorf("read schema of %s: %w", db.desc, err)
	}
	return s, nil
}

// RowCounts returns how many rows each table holds, e.g. to show that a
// refused operation wrote nothing anywhere. The tables are counted one
// after another, not in one snapshot.
func (db *DB) RowCounts(ctx context.Context) (map[string]int64, error) {
	names, err := db.tableNames(ctx)
	if err != nil {
		return nil, fmt.Errorf("count rows: %w", err)
	}
	out := make(map[string]int64, len(names))
	for _, name := range names {
		var n int64
		if _, err := db.read.one(ctx, `SELECT COUNT(*) FROM `+quoteIdent(name), nil, &n); err != nil {
			return nil, fmt.Errorf("count rows of %s: %w", name, err)
		}
		out[name] = n
	}
	return out, nil
}

func (db *DB) tableNames(ctx context.Context) ([]string, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`
	if db.pg {
		q = `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	var names []string
	err := db.read.each(ctx, q, nil, func(scan func(...any) error) error {
		var name string
		err := scan(&name)
		names = append(names, name)
		return err
	})
	return names, err
}

func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// schemaOf holds the tables by name while a backend's reader fills them
// in.
type schemaOf map[string]*Table

func (m schemaOf) schema() Schema {
	var s Schema
	for _, t := range m {
		sort.Slice(t.Indexes, func(i, j int) bool { return t.Indexes[i].Name < t.Indexes[j].Name })
		sort.Slice(t.Triggers, func(i, j int) bool { return t.Triggers[i].Name < t.Triggers[j].Name })
		for i := range t.Triggers {
			sort.Strings(t.Triggers[i].Events)
		}
		s.Tables = append(s.Tables, *t)
	}
	sort.Slice(s.Tables, func(i, j int) bool { return s.Tables[i].Name < s.Tables[j].Name })
	return s
}

func (db *DB) newSchemaOf(ctx context.Context) (schemaOf, error) {
	names, err := db.tableNames(ctx)
	if err != nil {
		return nil, err
	}
	m := schemaOf{}
	for _, n := range names {
		m[n] = &Table{Name: n}
	}
	return m, nil
}

func (db *DB) pgSchema(ctx context.Context) (Schema, error) {
	m, err := db.newSchemaOf(ctx)
	if err != nil {
		return Schema{}, err
	}
	err = db.read.each(ctx, `SELECT table_name, column_name, data_type, is_nullable = 'NO'
		FROM information_schema.columns WHERE table_schema = current_schema()
		ORDER BY table_name, ordinal_position`, nil, func(scan func(...any) error) error {
		var table, typ string
		var c Column
		if err := scan(&table, &c.Name, &typ, &c.NotNull); err != nil {
			return err
		}
		c.Type = typeClass(typ)
		if t := m[table]; t != nil {
			t.Columns = append(t.Columns, c)
		}
		return nil
	})
	if err != nil {
		return Schema{}, fmt.Errorf("columns: %w", err)
	}
	// Key columns in index order; an expression has attnum 0.
	err = db.read.each(ctx, `SELECT t.relname, i.relname, x.indisprimary, x.indisunique, x.indpred IS NOT NULL,
			EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype = 'u'),
			(SELECT string_agg(COALESCE(a.attname, '(expression)'), ',' ORDER BY k.n)
			   FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
			   LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
			  WHERE k.n <= x.indnkeyatts)
		FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		JOIN pg_class t ON t.oid = x.indrelid
		WHERE t.relnamespace = current_schema()::regnamespace`, nil, func(scan func(...any) error) error {
		var table, cols string
		var primary bool
		var ix Index
		if err := scan(&table, &ix.Name, &primary, &ix.Unique, &ix.Partial, &ix.Constraint, &cols); err != nil {
			return err
		}
		t := m[table]
		switch {
		case t == nil:
		case primary:
			t.PrimaryKey = strings.Split(cols, ",")
		default:
			ix.Columns = strings.Split(cols, ",")
			t.Indexes = append(t.Indexes, ix)
		}
		return nil
	})
	if err != nil {
		return Schema{}, fmt.Errorf("indexes: %w", err)
	}
	// information_schema.triggers has a row per event of a trigger.
	err = db.read.each(ctx, `SELECT event_object_table, trigger_name, action_timing, event_manipulation
		FROM information_schema.triggers WHERE trigger_schema = current_schema()
		ORDER BY event_object_table, trigger_name`, nil, func(scan func(...any) error) error {
		var table, name, timing, event string
		if err := scan(&table, &name, &timing, &event); err != nil {
			return err
		}
		if t := m[table]; t != nil {
			if n := len(t.Triggers); n > 0 && t.Triggers[n-1].Name == name {
				t.Triggers[n-1].Events = append(t.Triggers[n-1].Events, event)
			} else {
				t.Triggers = append(t.Triggers, Trigger{Name: name, Timing: timing, Events: []string{event}})
			}
		}
		return nil
	})
	if err != nil {
		return Schema{}, fmt.Errorf("triggers: %w", err)
	}
	return m.schema(), nil
}

func (db *DB) sqliteSchema(ctx context.Context) (Schema, error) {
	m, err := db.newSchemaOf(ctx)
	if err != nil {
		return Schema{}, err
	}
	for _, t := range m {
		if err := db.sqliteColumns(ctx, t); err != nil {
			return Schema{}, fmt.Errorf("columns of %s: %w", t.Name, err)
		}
		if err := db.sqliteIndexes(ctx, t); err != nil {
			return Schema{}, fmt.Errorf("indexes of %s: %w", t.Name, err)
		}
	}
	err = db.read.each(ctx, `SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger'`, nil, func(scan func(...any) error) error {
		var table, name, def string
		if err := scan(&table, &name, &def); err != nil {
			return err
		}
		t := m[table]
		if t == nil {
			return nil
		}
		g := sqliteTriggerHead.FindStringSubmatch(def)
		if g == nil {
			return fmt.Errorf("trigger %s: cannot read %q", name, def)
		}
		timing := strings.Join(strings.Fields(strings.ToUpper(g[1])), " ")
		if timing == "" {
			timing = "BEFORE" // SQLite's default
		}
		t.Triggers = append(t.Triggers, Trigger{Name: name, Timing: timing, Events: []string{strings.ToUpper(g[2])}})
		return nil
	})
	if err != nil {
		return Schema{}, fmt.Errorf("triggers: %w", err)
	}
	return m.schema(), nil
}

// sqliteTriggerHead reads a trigger's timing and its one event.
var sqliteTriggerHead = regexp.MustCompile(`(?is)^\s*CREATE\s+(?:TEMP\w*\s+)?TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?\S+\s+(BEFORE|AFTER|INSTEAD\s+OF)?\s*(DELETE|INSERT|UPDATE)\b`)

func (db *DB) sqliteColumns(ctx context.Context, t *Table) error {
	pkPos := map[string]int{}
	rowid := "" // the column that is the rowid, if any
	err := db.read.each(ctx, `SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid`, []any{t.Name}, func(scan func(...any) error) error {
		var c Column
		var typ string
		var pos int
		if err := scan(&c.Name, &typ, &c.NotNull, &pos); err != nil {
			return err
		}
		c.Type = typeClass(typ)
		if pos > 0 {
			pkPos[c.Name] = pos
			t.PrimaryKey = append(t.PrimaryKey, c.Name)
			if strings.EqualFold(strings.TrimSpace(typ), "INTEGER") {
				rowid = c.Name
			}
		}
		t.Columns = append(t.Columns, c)
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(t.PrimaryKey, func(i, j int) bool { return pkPos[t.PrimaryKey[i]] < pkPos[t.PrimaryKey[j]] })
	// A one-column primary key declared exactly INTEGER is the rowid, which
	// is never NULL (a NULL written there takes the next rowid) though the
	// pragma does not say NOT NULL.
	if len(t.PrimaryKey) == 1 && rowid != "" {
		for i := range t.Columns {
			if t.Columns[i].Name == rowid {
				t.Columns[i].NotNull = true
			}
		}
	}
	return nil
}

func (db *DB) sqliteIndexes(ctx context.Context, t *Table) error {
	type listed struct {
		name    string
		unique  bool
		origin  string
		partial bool
	}
	var ls []listed
	err := db.read.each(ctx, `SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, []any{t.Name}, func(scan func(...any) error) error {
		var l listed
		err := scan(&l.name, &l.unique, &l.origin, &l.partial)
		ls = append(ls, l)
		return err
	})
	if err != nil {
		return err
	}
	for _, l := range ls {
		if l.origin == "pk" {
			continue // the primary key is read from the columns
		}
		ix := Index{Name: l.name, Unique: l.unique, Partial: l.partial, Constraint: l.origin == "u"}
		err := db.read.each(ctx, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, []any{l.name}, func(scan func(...any) error) error {
			var col sql.NullString
			err := scan(&col)
			if !col.Valid {
				col.String = "(expression)"
			}
			ix.Columns = append(ix.Columns, col.String)
			return err
		})
		if err != nil {
			return fmt.Errorf("index %s: %w", l.name, err)
		}
		t.Indexes = append(t.Indexes, ix)
	}
	return nil
}

// typeClass reduces a type name, PostgreSQL's data_type or SQLite's
// declared type, to its class.
func typeClass(name string) TypeClass {
	n := strings.ToLower(strings.TrimSpace(name))
	if i := strings.IndexByte(n, '('); i >= 0 {
		n = strings.TrimSpace(n[:i])
	}
	switch n {
	case "integer", "int", "bigint", "smallint", "int2", "int4", "int8":
		return TypeInteger
	case "text", "character varying", "varchar", "character", "char":
		return TypeText
	case "numeric", "decimal":
		return TypeNumeric
	case "boolean", "bool":
		return TypeBoolean
	case "timestamp", "timestamptz", "timestamp with time zone", "timestamp without time zone", "datetime":
		return TypeTimestamp
	case "date":
		return TypeDate
	}
	return TypeClass("other:" + n)
}
