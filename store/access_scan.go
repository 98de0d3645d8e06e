package store

import (
	"context"
	"fmt"
	"strings"
)

// ColumnsContaining returns every table.column whose stored text contains
// needle. It reads every row of every table, so it is for tests and
// operators (e.g. to show that no clear-text password was stored), never
// for the service.
func (db *DB) ColumnsContaining(ctx context.Context, needle string) ([]string, error) {
	s, err := db.Schema(ctx)
	if err != nil {
		return nil, err
	}
	pattern := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(needle) + "%"
	var out []string
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			var n int64
			q := fmt.Sprintf(`SELECT COUNT(*) FROM %s WHERE CAST(%s AS TEXT) LIKE ? ESCAPE '\'`, quoteIdent(t.Name), quoteIdent(c.Name))
			if _, err := db.read.one(ctx, q, []any{pattern}, &n); err != nil {
				return nil, fmt.Errorf("scan %s.%s: %w", t.Name, c.Name, err)
			}
			if n > 0 {
				out = append(out, t.Name+"."+c.Name)
			}
		}
	}
	return out, nil
}
