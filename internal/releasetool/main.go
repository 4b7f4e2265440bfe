// Command releasetool is `make release`: static kukarcli binaries for
// every release target with the version stamped, one zip per platform
// holding the binary, the README and the licences (the data embedded in
// the binary and every Go module linked into it), and SHA256SUMS over the
// zips. `-verify DIR` checks a release folder against its SHA256SUMS.
//
// The zips are reproducible: entries in a fixed order with a fixed time,
// binaries built with -trimpath, so the same commit and Go give the same
// bytes.
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Targets are the release platforms: GOOS/GOARCH.
var Targets = []string{"linux/amd64", "linux/arm64", "windows/amd64", "darwin/arm64"}

// zipTime is every zip entry's time (the zip format cannot hold none).
var zipTime = time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)

const pkgCLI = "github.com/kukarcli/kukarcli/internal/cli"

func main() {
	out := flag.String("out", "dist", "release folder")
	version := flag.String("version", "", "version to stamp (default: git describe --tags --always --dirty)")
	verify := flag.String("verify", "", "check the zips of a release folder against its SHA256SUMS, and stop")
	flag.Parse()
	if *verify != "" {
		n, err := Verify(*verify)
		if err != nil {
			fail(err)
		}
		fmt.Printf("release %s: %d files match SHA256SUMS\n", *verify, n)
		return
	}
	v, commit := *version, gitOut("rev-parse", "--short=12", "HEAD")
	if v == "" {
		v = gitOut("describe", "--tags", "--always", "--dirty")
	}
	if v == "" {
		v = "devel"
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail(err)
	}
	licences, err := licenceFiles()
	if err != nil {
		fail(err)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		fail(err)
	}
	var zips []string
	for _, t := range Targets {
		goos, goarch, _ := strings.Cut(t, "/")
		bin, err := build(goos, goarch, v, commit)
		if err != nil {
			fail(err)
		}
		name := fmt.Sprintf("kukarcli_%s_%s_%s.zip", v, goos, goarch)
		exe := "kukarcli"
		if goos == "windows" {
			exe += ".exe"
		}
		files := append([]File{{Name: exe, Data: bin, Exec: true}, {Name: "README.md", Data: readme}}, licences...)
		if err := WriteZip(filepath.Join(*out, name), files); err != nil {
			fail(err)
		}
		zips = append(zips, name)
		fmt.Printf("%s  %s (%d bytes binary)\n", name, t, len(bin))
	}
	if err := WriteSums(*out, zips); err != nil {
		fail(err)
	}
	if _, err := Verify(*out); err != nil {
		fail(err)
	}
	fmt.Printf("version %s (%s); checksums in %s\n", v, commit, filepath.Join(*out, "SHA256SUMS"))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "releasetool:", err)
	os.Exit(1)
}

func gitOut(args ...string) string {
	b, err := exec.Command("git", args...).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// build compiles a static, stripped binary for one platform.
func build(goos, goarch, version, commit string) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "kukarcli-release-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "kukarcli")
	ld := fmt.Sprintf("-s -w -X %s.Version=%s -X %s.Commit=%s", pkgCLI, version, pkgCLI, commit)
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", ld, "-o", out, "./cmd/kukarcli")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("building %s/%s: %w", goos, goarch, err)
	}
	return os.ReadFile(out)
}

// licenceFiles are the licences of what the binary holds: the example
// data embedded in it and every module linked into it, under licenses/.
func licenceFiles() ([]File, error) {
	var out []File
	for _, p := range []string{"examples/kukar/LICENSE-source-MIT.txt", "examples/context/LICENSE-NaturalEarth.txt"} {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, File{Name: "licenses/data/" + filepath.Base(p), Data: b})
	}
	cmd := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{if not .Main}}{{.Path}}\t{{.Dir}}{{end}}{{end}}", "./cmd/kukarcli")
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("listing modules: %w", err)
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		path, dir, ok := strings.Cut(sc.Text(), "\t")
		if !ok || seen[path] {
			continue
		}
		seen[path] = true
		found := false
		for _, n := range []string{"LICENSE", "LICENSE.txt", "LICENSE.md", "COPYING", "LICENCE"} {
			if lb, err := os.ReadFile(filepath.Join(dir, n)); err == nil {
				out = append(out, File{Name: "licenses/" + path + "/" + n, Data: lb})
				found = true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("module %s (%s) has no licence file", path, dir)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// File is one zip entry.
type File struct {
	Name string
	Data []byte
	Exec bool
}

// WriteZip writes the files, in order, with a fixed time.
func WriteZip(path string, files []File) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: zipTime}
		mode := os.FileMode(0o644)
		if f.Exec {
			mode = 0o755
		}
		h.SetMode(mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := w.Write(f.Data); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// WriteSums writes SHA256SUMS in the folder: "hash  name" per file, the
// format sha256sum -c reads.
func WriteSums(dir string, names []string) error {
	var b strings.Builder
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	for _, n := range sorted {
		sum, err := fileSHA256(filepath.Join(dir, n))
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s  %s\n", sum, n)
	}
	return os.WriteFile(filepath.Join(dir, "SHA256SUMS"), []byte(b.String()), 0o644)
}

// Verify checks every file SHA256SUMS names, and that every zip in the
// folder is named; it returns the number of files checked.
func Verify(dir string) (int, error) {
	b, err := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	if err != nil {
		return 0, err
	}
	named := map[string]bool{}
	n := 0
	for i, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		want, name, ok := strings.Cut(line, "  ")
		if !ok || len(want) != 64 {
			return n, fmt.Errorf("SHA256SUMS line %d: %q is not \"hash  name\"", i+1, line)
		}
		got, err := fileSHA256(filepath.Join(dir, name))
		if err != nil {
			return n, err
		}
		if got != want {
			return n, fmt.Errorf("%s: SHA-256 %s, SHA256SUMS says %s", name, got, want)
		}
		named[name] = true
		n++
	}
	zips, _ := filepath.Glob(filepath.Join(dir, "*.zip"))
	for _, z := range zips {
		if !named[filepath.Base(z)] {
			return n, fmt.Errorf("%s is not in SHA256SUMS", filepath.Base(z))
		}
	}
	return n, nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
