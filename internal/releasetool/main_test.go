package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The zips hold what they are given, in order, and the same files give
// the same bytes; SHA256SUMS verifies them and catches a changed or an
// unlisted zip.
func TestZipAndChecksums(t *testing.T) {
	dir := t.TempDir()
	files := []File{{Name: "kukarcli.exe", Data: []byte("MZ binary"), Exec: true}, {Name: "README.md", Data: []byte("# kukarcli\n")},
		{Name: "licenses/github.com/spf13/cobra/LICENSE.txt", Data: []byte("Apache")}}
	a, b := filepath.Join(dir, "k_windows_amd64.zip"), filepath.Join(dir, "k_linux_amd64.zip")
	for _, p := range []string{a, b} {
		if err := WriteZip(p, files); err != nil {
			t.Fatal(err)
		}
	}
	za, _ := os.ReadFile(a)
	zb, _ := os.ReadFile(b)
	if !bytes.Equal(za, zb) {
		t.Error("the same files gave different zips")
	}
	zr, err := zip.OpenReader(a)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Name == "kukarcli.exe" && f.Mode().Perm() != 0o755 {
			t.Errorf("binary mode %v", f.Mode())
		}
	}
	zr.Close()
	if strings.Join(names, ",") != "kukarcli.exe,README.md,licenses/github.com/spf13/cobra/LICENSE.txt" {
		t.Errorf("entries %v", names)
	}
	if err := WriteSums(dir, []string{filepath.Base(a), filepath.Base(b)}); err != nil {
		t.Fatal(err)
	}
	if n, err := Verify(dir); err != nil || n != 2 {
		t.Fatalf("verify: %d files, %v", n, err)
	}
	sums, _ := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	if lines := strings.Split(strings.TrimSpace(string(sums)), "\n"); len(lines) != 2 || !strings.HasSuffix(lines[0], "  k_linux_amd64.zip") {
		t.Errorf("SHA256SUMS:\n%s", sums)
	}
	// a changed zip fails
	os.WriteFile(a, append(za, 0), 0o644)
	if _, err := Verify(dir); err == nil || !strings.Contains(err.Error(), "k_windows_amd64.zip") {
		t.Errorf("changed zip: %v", err)
	}
	os.WriteFile(a, za, 0o644)
	// a zip not listed fails
	os.WriteFile(filepath.Join(dir, "extra.zip"), za, 0o644)
	if _, err := Verify(dir); err == nil || !strings.Contains(err.Error(), "extra.zip") {
		t.Errorf("unlisted zip: %v", err)
	}
}

func TestTargets(t *testing.T) {
	want := map[string]bool{"linux/amd64": true, "linux/arm64": true, "windows/amd64": true, "darwin/arm64": true}
	for _, tg := range Targets {
		delete(want, tg)
	}
	if len(want) > 0 {
		t.Errorf("release targets miss %v", want)
	}
}
