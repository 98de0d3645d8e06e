package main

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"reliefledger/store"
)

// version is the release this binary was built as, set by the linker:
//
//	go build -ldflags "-X main.version=1.2.0" ./cmd/reliefd
//
// Empty (go run, go build without the flag) means: name the build from
// its module version or its VCS revision (buildVersion).
var version string

// exitSchema is the exit code of a command refused because the database's
// schema is newer than the build, or an applied migration was changed.
const exitSchema = 3

// build describes this binary.
type build struct {
	Version, Revision, GoVersion string
	Modified                     bool
}

// buildVersion is the version this binary reports: the linker's, else the
// module's (a tagged go install), else 0.0.0-dev with the VCS revision
// (and +dirty when built from uncommitted changes), so that two builds
// never both say the same version unless they are the same code.
func buildVersion() build {
	b := build{Version: version, GoVersion: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if ok {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Revision = s.Value
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
		if b.Version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			b.Version = strings.TrimPrefix(info.Main.Version, "v")
		}
	}
	if b.Version == "" {
		b.Version = "0.0.0-dev"
		if b.Revision != "" {
			b.Version += "+" + b.Revision[:min(12, len(b.Revision))]
			if b.Modified {
				b.Version += ".dirty"
			}
		}
	}
	return b
}

// runVersion prints the build and the schema version it knows.
func runVersion(stdout io.Writer) int {
	b := buildVersion()
	fmt.Fprintf(stdout, "reliefd %s\n", b.Version)
	if b.Revision != "" {
		mod := ""
		if b.Modified {
			mod = " (with uncommitted changes)"
		}
		fmt.Fprintf(stdout, "revision %s%s\n", b.Revision, mod)
	}
	fmt.Fprintf(stdout, "go %s\nschema %d\n", b.GoVersion, store.KnownSchema())
	return 0
}

// openFailed reports a command's failure to open the database and returns
// its exit code: exitSchema for a schema this build must not touch, code
// otherwise.
func openFailed(stderr io.Writer, cmd string, err error, code int) int {
	fmt.Fprintln(stderr, cmd+":", err)
	var se *store.SchemaError
	if errors.As(err, &se) {
		return exitSchema
	}
	return code
}
