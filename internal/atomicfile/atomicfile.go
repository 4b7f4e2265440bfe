// Package atomicfile writes a file all or nothing, on every operating
// system: the bytes go to a temporary file in the target's folder, which
// is synced and renamed over the target only when complete. A reader
// sees the old file or the new one, never a part; a failure leaves the
// old file as it was and no temporary file behind.
//
// The rename is os.Rename, which replaces an existing file on Unix
// (rename(2)) and on Windows (MoveFileEx with MOVEFILE_REPLACE_EXISTING).
// On Unix the folder is synced after the rename so the new name survives
// a crash; Windows has no way to sync a folder and needs none for NTFS
// metadata. The temporary file is created in the target's folder because
// a rename cannot cross file systems.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
)

// ErrInterrupted is returned by a commit after Interrupt: an interrupted
// run leaves no output.
var ErrInterrupted = errors.New("interrupted")

var (
	mu          sync.Mutex
	live        = map[*File]bool{}  // pending files not yet committed or discarded
	temps       = map[string]bool{} // temporary files and folders to remove on Interrupt
	interrupted atomic.Bool
)

// Interrupt removes every pending file and registered temporary path,
// and makes later commits fail with ErrInterrupted: what a program does
// on Ctrl-C or SIGTERM before it exits.
func Interrupt() {
	interrupted.Store(true)
	mu.Lock()
	defer mu.Unlock()
	for f := range live {
		f.File.Close()
		os.Remove(f.Name())
		delete(live, f)
	}
	for p := range temps {
		os.RemoveAll(p)
		delete(temps, p)
	}
}

// RegisterTemp names a temporary file or folder that Interrupt removes;
// release forgets it (call it once the path is removed normally).
func RegisterTemp(path string) (release func()) {
	mu.Lock()
	temps[path] = true
	mu.Unlock()
	return func() {
		mu.Lock()
		delete(temps, path)
		mu.Unlock()
	}
}

// File is a pending file: written like an *os.File, then either committed
// with CloseAtomicallyReplace or discarded with Cleanup.
type File struct {
	*os.File
	path string
	perm fs.FileMode
	done bool
}

// New creates the temporary file for path. The file will get mode 0644,
// or the mode of the file it replaces.
func New(path string) (*File, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	perm := fs.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("%s is not a regular file", path)
		}
		perm = st.Mode().Perm()
	}
	if interrupted.Load() {
		return nil, ErrInterrupted
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, err
	}
	af := &File{File: f, path: path, perm: perm}
	mu.Lock()
	live[af] = true
	mu.Unlock()
	return af, nil
}

// Path is the file the pending file will replace.
func (f *File) Path() string { return f.path }

// CloseAtomicallyReplace syncs and closes the temporary file and renames
// it over the target. On any error the temporary file is removed and the
// target left as it was.
func (f *File) CloseAtomicallyReplace() error {
	if f.done {
		return errors.New("atomicfile: " + f.path + " already closed")
	}
	f.done = true
	mu.Lock()
	delete(live, f)
	mu.Unlock()
	tmp := f.Name()
	if interrupted.Load() {
		f.Close()
		os.Remove(tmp)
		return ErrInterrupted
	}
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, f.perm)
	}
	if err == nil {
		err = os.Rename(tmp, f.path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if runtime.GOOS != "windows" {
		if d, derr := os.Open(filepath.Dir(f.path)); derr == nil {
			d.Sync() // best effort: some file systems refuse to sync a folder
			d.Close()
		}
	}
	return nil
}

// Cleanup discards the pending file. It does nothing after a commit, so
// it can be deferred.
func (f *File) Cleanup() error {
	if f.done {
		return nil
	}
	f.done = true
	mu.Lock()
	delete(live, f)
	mu.Unlock()
	f.Close()
	return os.Remove(f.Name())
}
