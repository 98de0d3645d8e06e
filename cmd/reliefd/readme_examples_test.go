package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"reliefledger/demo"
	"reliefledger/demo/story"
	"reliefledger/households"
)

// TestReadmeExamples runs the README's shell examples in order, as a new
// user pastes them on a fresh start, the way Go's example tests run theirs.
//
// Every ```sh block runs unless the line before it is
// `<!-- not run by the README test: why -->`. In a block:
//   - `go run ./cmd/reliefd`, `./reliefd` or `reliefd` (with or without
//     `serve`, after optional VAR=value settings) starts the real server on
//     ./data of a fresh temporary folder, as `serve` does, stopping the one
//     running first; it listens on a free port, and every localhost:8080 of
//     the examples is sent there;
//   - other `reliefd` commands run in-process with the same environment;
//   - `curl` is done in Go (its -X, -H, -d, -F, -o, -s, -i); it must answer
//     2xx, or the status its line's comment states ("# answers 409");
//   - `grep -o`, `head -n`, `cut -d -f` and `echo` filter and print;
//   - `TOKEN=rl_…` takes the token the first start printed (a value with
//     "…" is a placeholder, and TOKEN the only one);
//   - `go build`, `go test` and `go vet` are the test's own business and
//     are not run. Any other command fails the test.
//
// IDs are never written into the examples: an example that needs one takes
// it from an earlier answer (ENTRY=$(curl … | grep -o … | cut …)), so the
// examples hold whatever the demo data holds.
func TestReadmeExamples(t *testing.T) { runExamples(t, "../../README.md") }

// TestOperationsExamples runs docs/operations.md's examples the same way:
// install, start, back up while serving, restore, verify, upgrade.
func TestOperationsExamples(t *testing.T) { runExamples(t, "../../docs/operations.md") }

// runExamples runs the ```sh blocks of the Markdown file at path in order,
// on a fresh start in an empty folder (see TestReadmeExamples).
func runExamples(t *testing.T, path string) {
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(path)
	blocks := shellBlocks(string(doc))
	if len(blocks) == 0 {
		t.Fatalf("%s has no ```sh blocks", name)
	}
	if raceEnabled {
		// A part of the demo registry: under the race detector the SQLite
		// driver takes over a minute to load the whole of it. Every fifth
		// household of the districts the demo books deliver to, so that the
		// books (and the campaigns the examples read) load as they do
		// without the race detector.
		units, maps, err := households.ReferenceUnits()
		if err != nil {
			t.Fatal(err)
		}
		var part []households.Household
		for i, h := range demo.HouseholdsOf(households.NewTree(units, maps), demo.Seed) {
			if (h.District == story.KeSach || h.District == story.ChauThanh || h.District == story.TranDe) && i%5 == 0 {
				part = append(part, h)
			}
		}
		demoRegistry = part
		t.Cleanup(func() { demoRegistry = nil })
	}
	// A clean environment, as on a new machine, in an empty folder.
	for _, o := range options {
		t.Setenv(o.Env, "")
		os.Unsetenv(o.Env)
	}
	t.Setenv("RELIEF_TOKEN", "")
	os.Unsetenv("RELIEF_TOKEN")
	t.Chdir(t.TempDir())

	sh := &readmeShell{t: t, vars: map[string]string{}, addr: freeAddr(t)}
	t.Cleanup(sh.stopServer)
	for _, b := range blocks {
		if b.skip != "" {
			t.Logf("%s:%d: not run: %s", name, b.line, b.skip)
			continue
		}
		script, err := parseScript(b.text, b.line+1)
		if err != nil {
			t.Fatal(err)
		}
		for _, pl := range script {
			out, err := sh.exec(pl)
			if err != nil {
				t.Errorf("%s:%d: %v", name, pl.line, err)
			} else if len(out) > 0 {
				t.Logf("%s:%d: %s", name, pl.line, clip(out))
			}
		}
	}
	if !sh.started {
		t.Error("no example starts the server")
	}
}

// shellBlock is a ```sh block of the README.
type shellBlock struct {
	line int // of the opening fence
	text string
	skip string // why it is not run
}

var skipRE = regexp.MustCompile(`^<!-- not run by the (?:README|operations) test: (.+) -->$`)

func shellBlocks(md string) []shellBlock {
	var out []shellBlock
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```sh" {
			continue
		}
		b := shellBlock{line: i + 1}
		for j := i - 1; j >= 0; j-- {
			if s := strings.TrimSpace(lines[j]); s != "" {
				if m := skipRE.FindStringSubmatch(s); m != nil {
					b.skip = m[1]
				}
				break
			}
		}
		var body []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			body = append(body, lines[i])
		}
		b.text = strings.Join(body, "\n") + "\n"
		out = append(out, b)
	}
	return out
}

// readmeShell runs the examples' commands.
type readmeShell struct {
	t     *testing.T
	vars  map[string]string
	addr  string // where localhost:8080 goes
	srv   *readmeServer
	token string // printed by the first start

	started bool // an example started the server
}

type readmeServer struct {
	cancel func()
	done   chan error
	stderr syncBuffer
}

func (s *readmeShell) exec(pl *pipeline) ([]byte, error) {
	var data []byte
	for i, words := range pl.cmds {
		env := map[string]string{}
		n := 0
		for ; n < len(words); n++ {
			name, val, ok := assignment(words[n])
			if !ok {
				break
			}
			v, err := s.expand(val)
			if err != nil {
				return nil, err
			}
			env[name] = v
		}
		if n == len(words) {
			if len(pl.cmds) > 1 {
				return nil, fmt.Errorf("an assignment inside a pipe")
			}
			return nil, s.assign(env)
		}
		args := make([]string, 0, len(words)-n)
		for _, w := range words[n:] {
			a, err := s.expand(w)
			if err != nil {
				return nil, err
			}
			args = append(args, strings.NewReplacer("localhost:8080", s.addr, "127.0.0.1:8080", s.addr).Replace(a))
		}
		out, err := s.command(args, env, data, pl.comment, i == len(pl.cmds)-1)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", args[0], err)
		}
		data = out
	}
	return data, nil
}

func (s *readmeShell) assign(env map[string]string) error {
	for name, v := range env {
		if strings.Contains(v, "…") {
			if name != "TOKEN" {
				return fmt.Errorf("%s=%s: the test knows no value for this placeholder (only TOKEN, the printed token)", name, v)
			}
			if s.token == "" {
				return fmt.Errorf("TOKEN=%s: no start printed a token", v)
			}
			v = s.token
		}
		s.vars[name] = v
	}
	return nil
}

func (s *readmeShell) expand(w word) (string, error) {
	var b strings.Builder
	for _, p := range w {
		switch {
		case p.sub != nil:
			var out []byte
			for _, pl := range p.sub {
				o, err := s.exec(pl)
				if err != nil {
					return "", err
				}
				out = append(out, o...)
			}
			b.WriteString(strings.TrimRight(string(out), "\n"))
		case p.name != "":
			v, ok := s.vars[p.name]
			if !ok {
				return "", fmt.Errorf("$%s is not set by any earlier example", p.name)
			}
			b.WriteString(v)
		default:
			b.WriteString(p.lit)
		}
	}
	return b.String(), nil
}

var (
	answersRE = regexp.MustCompile(`\banswers (\d{3})\b`)
	exitsRE   = regexp.MustCompile(`\bexits (\d+)\b`)
)

func (s *readmeShell) command(args []string, env map[string]string, stdin []byte, comment string, last bool) ([]byte, error) {
	switch args[0] {
	case "curl":
		want := 0
		if m := answersRE.FindStringSubmatch(comment); m != nil && last {
			want, _ = strconv.Atoi(m[1])
		}
		return s.curl(args[1:], want)
	case "reliefd", "./reliefd":
		return s.reliefd(args[1:], env, comment)
	case "go":
		if len(args) > 2 && args[1] == "run" && strings.TrimSuffix(args[2], "/") == "./cmd/reliefd" {
			return s.reliefd(args[3:], env, comment)
		}
		if len(args) > 1 && (args[1] == "build" || args[1] == "test" || args[1] == "vet") {
			s.t.Logf("not run: %s (the test is built from the same code)", strings.Join(args, " "))
			return nil, nil
		}
	case "echo":
		return []byte(strings.Join(args[1:], " ") + "\n"), nil
	case "grep":
		return grepO(args[1:], stdin)
	case "head":
		return head(args[1:], stdin)
	case "cut":
		return cut(args[1:], stdin)
	}
	return nil, fmt.Errorf("the README test does not know this command (%s)", strings.Join(args, " "))
}

// reliefd runs a subcommand in-process, or starts the server.
func (s *readmeShell) reliefd(args []string, env map[string]string, comment string) ([]byte, error) {
	if len(args) == 0 || args[0] == "serve" {
		return nil, s.startServer(env)
	}
	for k, v := range env {
		old, had := os.LookupEnv(k)
		os.Setenv(k, v)
		defer func() {
			if had {
				os.Setenv(k, old)
			} else {
				os.Unsetenv(k)
			}
		}()
	}
	want := 0
	if m := exitsRE.FindStringSubmatch(comment); m != nil {
		want, _ = strconv.Atoi(m[1])
	}
	var stdout, stderr bytes.Buffer
	if code := run(args, &stdout, &stderr); code != want {
		return nil, fmt.Errorf("exited %d, want %d:\n%s%s", code, want, stdout.String(), stderr.String())
	}
	return stdout.Bytes(), nil
}

var printedToken = regexp.MustCompile(`shown only this once:\s+(rl_[A-Za-z0-9_-]+)`)

// startServer starts serve as `reliefd serve` would with the environment
// plus env, on s.addr, and waits until it is ready.
func (s *readmeShell) startServer(env map[string]string) error {
	s.stopServer()
	s.started = true
	cfg := readConfig(func(k string) (string, bool) {
		if v, ok := env[k]; ok {
			return v, true
		}
		return os.LookupEnv(k)
	})
	cfg.Addr = s.addr
	srv := &readmeServer{done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	srv.cancel = cancel
	go func() { srv.done <- serve(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), &srv.stderr) }()
	s.srv = srv
	start := time.Now()
	for time.Since(start) < 3*time.Minute {
		select {
		case err := <-srv.done:
			s.srv = nil
			return fmt.Errorf("the server stopped: %v\n%s", err, srv.stderr.String())
		default:
		}
		if resp, err := http.Get("http://" + s.addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				if m := printedToken.FindStringSubmatch(srv.stderr.String()); m != nil && s.token == "" {
					s.token = m[1]
				}
				s.t.Logf("server ready in %v", time.Since(start).Round(time.Millisecond))
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("the server was not ready in 3 minutes")
}

func (s *readmeShell) stopServer() {
	if s.srv == nil {
		return
	}
	s.srv.cancel()
	if err := <-s.srv.done; err != nil {
		s.t.Errorf("the server stopped with %v", err)
	}
	s.srv = nil
}

func clip(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 600 {
		return s[:600] + " …"
	}
	return s
}

// syncBuffer collects what a server goroutine writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Len is how many bytes were written.
func (b *syncBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}
