package reliefledger_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// allowedImports is the layout the README draws: what each package may
// import of ours. Domain packages depend only inward (on the ledger, on each
// other as listed, on the root error kinds and internal helpers); only the
// store knows the database, only api knows HTTP, only cmd/reliefd wires
// them together. A package missing here fails the test: say where it sits.
var allowedImports = map[string][]string{
	".":                nil,
	"internal/xlsxw":   nil,
	"internal/i18n":    nil,
	"internal/sheet":   {".", "internal/fold"},
	"internal/fold":    nil,
	"internal/proxy":   nil,
	"internal/lograte": nil,
	"migrations":       nil,
	"ledger":           {"."},
	"access":           {"."},
	"audit":            {"."},
	"checkpoint":       {".", "ledger"},
	"bank":             {".", "ledger", "internal/sheet", "internal/fold"},
	"households":       {".", "internal/sheet", "internal/fold"},
	"demo":             {".", "households", "internal/xlsxw"},
	"demo/story":       {".", "ledger", "access", "households", "goods", "donations", "distribution", "rules"},
	"goods":            {".", "ledger"},
	"donations":        {".", "ledger", "bank", "households", "internal/fold", "internal/sheet"},
	"distribution":     {".", "ledger", "goods", "households"},
	"rules":            {".", "ledger"},
	"exports":          {".", "ledger", "goods", "distribution", "donations", "households", "internal/xlsxw", "internal/sheet", "internal/fold", "internal/i18n", "reports"},
	"store":            {".", "ledger", "access", "audit", "checkpoint", "households", "goods", "donations", "distribution", "migrations", "internal/fold", "rules"},
	"store/storetest":  {"store", "ledger"},
	"api":              {".", "ledger", "access", "audit", "checkpoint", "households", "goods", "donations", "distribution", "exports", "internal/fold", "internal/sheet", "rules", "reports"},
	"web":              {".", "ledger", "access", "audit", "checkpoint", "households", "goods", "donations", "distribution", "exports", "internal/i18n", "internal/proxy", "rules", "reports"},
	"cmd/reliefd":      {"*"},
	// The summary report reads the domain services.
	"reports": {".", "ledger", "checkpoint", "goods", "distribution", "donations", "households"},
}

// Technologies the domain never sees: only store talks to the database and
// only api (and the command) to HTTP.
var technology = map[string][]string{
	"gorm.io/":                 {"store", "store/storetest"},
	"github.com/jackc/":        {"store", "store/storetest"},
	"github.com/glebarez/":     {"store"},
	"github.com/gin-gonic/gin": {"api"},
	"github.com/prometheus/":   {"api", "cmd/reliefd"},
}

func TestLayout(t *testing.T) {
	const module = "reliefledger"
	imports := map[string]map[string]bool{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "data") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(path))
		if imports[pkg] == nil {
			imports[pkg] = map[string]bool{}
		}
		for _, imp := range f.Imports {
			imports[pkg][strings.Trim(imp.Path.Value, `"`)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	pkgs := make([]string, 0, len(imports))
	for p := range imports {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for _, pkg := range pkgs {
		allowed, known := allowedImports[pkg]
		if !known {
			t.Errorf("package %s is not in the layout: add it to allowedImports (and to the README's layout)", pkg)
			continue
		}
		ok := map[string]bool{}
		for _, a := range allowed {
			ok[a] = true
		}
		for imp := range imports[pkg] {
			if imp == module || strings.HasPrefix(imp, module+"/") {
				ours := strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")
				if ours == "" {
					ours = "."
				}
				if !ok["*"] && !ok[ours] {
					t.Errorf("%s imports %s, which the layout does not allow", pkg, ours)
				}
				continue
			}
			for prefix, users := range technology {
				if strings.HasPrefix(imp, prefix) && !contains(users, pkg) {
					t.Errorf("%s imports %s: only %v may", pkg, imp, users)
				}
			}
		}
	}
	if _, err := os.Stat("go.mod"); err != nil {
		t.Fatalf("run from the module root: %v", err)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}
