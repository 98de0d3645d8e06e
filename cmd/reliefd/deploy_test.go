package main

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// dockerBuildRE is the Dockerfile's build command, up to its output path.
var dockerBuildRE = regexp.MustCompile(`RUN (CGO_ENABLED=0 go build [^\n]*?-o )/out/reliefd (\./cmd/reliefd)`)

// TestDeployFiles checks what the deploy files promise without a
// container engine (this machine has none; where one runs, the image is
// built too): the Dockerfile's own build command makes a static binary
// that reports the version it was given; the systemd unit passes
// systemd-analyze verify; the compose file names only files, services and
// volumes that exist, pins its images and builds from the Dockerfile.
func TestDeployFiles(t *testing.T) {
	root := "../.."
	dockerfile, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	m := dockerBuildRE.FindStringSubmatch(string(dockerfile))
	if m == nil {
		t.Fatal("the Dockerfile has no `RUN CGO_ENABLED=0 go build … -o /out/reliefd ./cmd/reliefd`")
	}
	bin := filepath.Join(t.TempDir(), "reliefd")
	script := strings.ReplaceAll(m[1], "${VERSION}", "9.9.9-deploy") + bin + " " + m[2]
	build := exec.Command("sh", "-c", script)
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("the Dockerfile's build: %v\n%s", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary is dynamically linked: the distroless static image cannot run it")
		}
	}
	f.Close()
	if out, err := exec.Command(bin, "version").CombinedOutput(); err != nil || !strings.HasPrefix(string(out), "reliefd 9.9.9-deploy\n") {
		t.Errorf("built binary's version: %v %q", err, out)
	}

	// The systemd unit, pointed at the binary just built.
	if sa, err := exec.LookPath("systemd-analyze"); err == nil {
		unit, err := os.ReadFile(filepath.Join(root, "deploy", "reliefd.service"))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "reliefd.service")
		if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(unit), "/usr/local/bin/reliefd", bin)), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(sa, "verify", path).CombinedOutput(); err != nil || len(strings.TrimSpace(string(out))) > 0 {
			t.Errorf("systemd-analyze verify deploy/reliefd.service: %v\n%s", err, out)
		}
	} else {
		t.Log("systemd-analyze not installed: the unit is not verified")
	}

	checkCompose(t, filepath.Join(root, "deploy"))

	if exec.Command("docker", "info").Run() == nil {
		if out, err := exec.Command("docker", "build", "-q", "-t", "reliefledger:test", root).CombinedOutput(); err != nil {
			t.Errorf("docker build: %v\n%s", err, out)
		}
	} else {
		t.Log("no container engine answers (docker info): the image is not built here")
	}
}

// compose is the part of a compose file the check reads.
type compose struct {
	Services map[string]struct {
		Image string `yaml:"image"`
		Build *struct {
			Context    string `yaml:"context"`
			Dockerfile string `yaml:"dockerfile"`
		} `yaml:"build"`
		Environment map[string]string         `yaml:"environment"`
		Volumes     []string                  `yaml:"volumes"`
		DependsOn   map[string]map[string]any `yaml:"depends_on"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
}

func checkCompose(t *testing.T, dir string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var c compose
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf("deploy/compose.yaml: %v", err)
	}
	for _, want := range []string{"reliefd", "postgres", "postgres-replica"} {
		if _, ok := c.Services[want]; !ok {
			t.Errorf("deploy/compose.yaml has no service %s", want)
		}
	}
	for name, s := range c.Services {
		if s.Image == "" && s.Build == nil {
			t.Errorf("service %s: neither image nor build", name)
		}
		if s.Image != "" && (!strings.Contains(s.Image, ":") || strings.HasSuffix(s.Image, ":latest")) {
			t.Errorf("service %s: image %q is not pinned to a version", name, s.Image)
		}
		if s.Build != nil {
			if _, err := os.Stat(filepath.Join(dir, s.Build.Context, s.Build.Dockerfile)); err != nil {
				t.Errorf("service %s builds from a missing Dockerfile: %v", name, err)
			}
		}
		for dep := range s.DependsOn {
			if _, ok := c.Services[dep]; !ok {
				t.Errorf("service %s depends on %s, which is not a service", name, dep)
			}
		}
		for _, v := range s.Volumes {
			src, _, _ := strings.Cut(v, ":")
			if strings.HasPrefix(src, ".") || strings.HasPrefix(src, "/") {
				if _, err := os.Stat(filepath.Join(dir, src)); err != nil {
					t.Errorf("service %s mounts %s, which does not exist", name, src)
				}
			} else if _, ok := c.Volumes[src]; !ok {
				t.Errorf("service %s uses volume %s, which is not declared", name, src)
			}
		}
	}
	if url := c.Services["reliefd"].Environment["DATABASE_URL"]; !strings.Contains(url, "@postgres:5432/") {
		t.Errorf("reliefd's DATABASE_URL %q does not point at the postgres service", url)
	}
}
