//go:build unix

package cli

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Ctrl-C and SIGTERM in the middle of a report: exit 130, no report file,
// no temporary file or --example folder left behind.
func TestInterruptLeavesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "kukarcli")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/kukarcli").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		dir := t.TempDir()
		tmp := t.TempDir() // the run's temporary folder, to see what it leaves
		cmd := exec.Command(bin, "report", "--example", "-o", filepath.Join(dir, "laporan.html"))
		cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// signal once the evaluation has begun (the first year's line)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "2021:") {
				break
			}
		}
		cmd.Process.Signal(sig)
		go func() {
			for sc.Scan() {
			}
		}()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var werr error
		select {
		case werr = <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%v: still running 30 s after the signal", sig)
		}
		var ee *exec.ExitError
		if !errors.As(werr, &ee) || ee.ExitCode() != ExitInterrupted {
			t.Errorf("%v: %v, want exit %d", sig, werr, ExitInterrupted)
		}
		for _, d := range []string{dir, tmp} {
			if ents, _ := os.ReadDir(d); len(ents) > 0 {
				var names []string
				for _, e := range ents {
					names = append(names, e.Name())
				}
				t.Errorf("%v: left in %s: %v", sig, d, names)
			}
		}
	}
}
