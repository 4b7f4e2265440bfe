package atomicfile

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func TestCommitReplaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("new")
	// until the commit, readers see the old file
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Fatalf("before commit: %q", b)
	}
	if err := f.CloseAtomicallyReplace(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "new" {
		t.Fatalf("after commit: %q", b)
	}
	if got := leftovers(t, dir); len(got) != 1 {
		t.Errorf("files left: %v", got)
	}
	if runtime.GOOS != "windows" {
		if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want the replaced file's 0600", st.Mode().Perm())
		}
	}
	if err := f.Cleanup(); err != nil {
		t.Errorf("cleanup after commit: %v", err)
	}
}

func TestCleanupKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "laporan.html")
	os.WriteFile(p, []byte("old"), 0o644)
	f, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("half a rep")
	if err := f.Cleanup(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("old file changed: %q", b)
	}
	if got := leftovers(t, dir); len(got) != 1 {
		t.Errorf("files left: %v", got)
	}
}

// A commit that cannot rename (the target became a folder) fails, keeps
// the target and leaves no temporary file.
func TestFailedCommitLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.geojson")
	f, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("{}")
	if err := os.Mkdir(p, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(p, "keep"), []byte("k"), 0o644)
	if err := f.CloseAtomicallyReplace(); err == nil {
		t.Fatal("renamed over a folder")
	}
	if got := leftovers(t, dir); len(got) != 1 || got[0] != "x.geojson" {
		t.Errorf("files left: %v", got)
	}
	if _, err := New(p); err == nil {
		t.Error("New accepted a folder as its target")
	}
}

func TestNewInMissingFolder(t *testing.T) {
	if _, err := New(filepath.Join(t.TempDir(), "no", "such", "f.csv")); err == nil {
		t.Error("created a file in a missing folder")
	}
}

func TestNewFileMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix modes")
	}
	p := filepath.Join(t.TempDir(), "n.csv")
	f, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	f.CloseAtomicallyReplace()
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
}

// Interrupt removes pending files and registered temporary paths, and a
// later commit fails without writing.
func TestInterrupt(t *testing.T) {
	defer interrupted.Store(false)
	dir := t.TempDir()
	p := filepath.Join(dir, "out.csv")
	os.WriteFile(p, []byte("old"), 0o644)
	f, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("new")
	tmpDir := filepath.Join(dir, "example")
	os.Mkdir(tmpDir, 0o755)
	release := RegisterTemp(tmpDir)
	defer release()
	Interrupt()
	if err := f.CloseAtomicallyReplace(); err != ErrInterrupted {
		t.Errorf("commit after Interrupt: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("target %q", b)
	}
	if got := leftovers(t, dir); len(got) != 1 {
		t.Errorf("files left: %v", got)
	}
	if _, err := New(p); err != ErrInterrupted {
		t.Errorf("New after Interrupt: %v", err)
	}
}

func TestBatchAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	write := func(p, s string) {
		t.Helper()
		f, err := New(p)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(s)
		if err := f.CloseAtomicallyReplace(); err != nil {
			t.Fatal(err)
		}
	}

	batch := Hold()
	if Hold() != nil {
		t.Fatal("a second Hold while one is held")
	}
	write(a, "a")
	write(b, "b")
	if _, err := os.Stat(a); err == nil {
		t.Fatal("a.csv renamed before the batch's Commit")
	}
	batch.Abort()
	if got := leftovers(t, dir); len(got) != 0 {
		t.Fatalf("after Abort: %v", got)
	}

	batch = Hold()
	write(a, "a")
	write(b, "b")
	if err := batch.Commit(); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{a: "a", b: "b"} {
		if got, _ := os.ReadFile(p); string(got) != want {
			t.Errorf("%s: %q", p, got)
		}
	}
	if got := leftovers(t, dir); len(got) != 2 {
		t.Errorf("after Commit: %v", got)
	}
	// the batch has ended: files commit at once again
	write(a, "a2")
	if got, _ := os.ReadFile(a); string(got) != "a2" {
		t.Errorf("after the batch: %q", got)
	}
	var none *Batch
	if err := none.Commit(); err != nil {
		t.Error(err)
	}
	none.Abort()
}
