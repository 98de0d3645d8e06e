package reliefledger

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	mdLink    = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	mdHeading = regexp.MustCompile(`(?m)^#+ (.+)$`)
	upPath    = regexp.MustCompile("(^|[\\s`(\"'])\\.\\./")
)

// TestDocsStandAlone checks that the README and docs/ point only inside
// the repository: every relative link reaches a file here (and a heading in
// it, for a #fragment), and no text names a path above the repository.
func TestDocsStandAlone(t *testing.T) {
	files, err := filepath.Glob("docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	files = append([]string{"README.md", "BENCHMARKS.md"}, files...)
	if len(files) < 3 {
		t.Fatal("docs/ has no Markdown files")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if upPath.MatchString(line) {
				t.Errorf("%s:%d names a path outside the repository: %s", f, i+1, strings.TrimSpace(line))
			}
			for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
				target := m[1]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				path, frag, _ := strings.Cut(target, "#")
				if path == "" {
					path = f
				} else {
					path = filepath.Join(filepath.Dir(f), path)
				}
				if rel, err := filepath.Rel(".", path); err != nil || strings.HasPrefix(rel, "..") {
					t.Errorf("%s:%d links outside the repository: %s", f, i+1, target)
					continue
				}
				doc, err := os.ReadFile(path)
				if err != nil {
					t.Errorf("%s:%d links to %s, which is not here", f, i+1, target)
					continue
				}
				if frag != "" && !hasAnchor(string(doc), frag) {
					t.Errorf("%s:%d links to %s, which has no heading #%s", f, i+1, path, frag)
				}
			}
		}
	}
}

// hasAnchor reports whether a Markdown document has a heading whose
// GitHub anchor is frag.
func hasAnchor(doc, frag string) bool {
	for _, m := range mdHeading.FindAllStringSubmatch(doc, -1) {
		var b strings.Builder
		for _, r := range strings.ToLower(strings.TrimSpace(m[1])) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r > 127:
				b.WriteRune(r)
			}
		}
		if b.String() == frag {
			return true
		}
	}
	return false
}
