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
// it over the target (or, while a Batch is held, leaves the rename to the
// batch's Commit). On any error the temporary file is removed and the
// target left as it was.
func (f *File) CloseAtomicallyReplace() error {
	if f.done {
		return errors.New("atomicfile: " + f.path + " already closed")
	}
	f.done = true
	tmp := f.Name()
	if interrupted.Load() {
		forget(f)
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
	if err == nil && hold(f) {
		return nil // renamed by the batch's Commit; removed by its Abort or Interrupt
	}
	forget(f)
	if err == nil {
		err = os.Rename(tmp, f.path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(f.path)
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

// Batch holds back the renames of the files committed while it is held,
// so that a command writing several outputs (the plan and the villages
// left, access and its routes, a shapefile's five files) writes all of
// them or none: nothing is renamed into place until the whole command
// has succeeded.
type Batch struct {
	files []*File
}

// held is the batch in force, if any.
var held *Batch

// Hold starts a batch: from now until Commit or Abort, CloseAtomicallyReplace
// writes and syncs each file but leaves it under its temporary name. A
// batch is process-wide, like Interrupt; Hold while another batch is held
// returns nil, and the outer batch keeps the files.
func Hold() *Batch {
	mu.Lock()
	defer mu.Unlock()
	if held != nil {
		return nil
	}
	held = &Batch{}
	return held
}

// Commit renames the held files into place, in the order they were
// committed, and ends the batch. A failed rename removes the files not
// yet renamed and returns the error; files already renamed stay (a
// rename in a folder that accepted the temporary file fails only on a
// fault of the file system). Commit on a nil Batch does nothing.
func (b *Batch) Commit() error {
	if b == nil {
		return nil
	}
	files := b.end()
	if interrupted.Load() {
		discard(files)
		return ErrInterrupted
	}
	for i, f := range files {
		if err := os.Rename(f.Name(), f.path); err != nil {
			discard(files[i:])
			return err
		}
		forget(f)
		syncDir(f.path)
	}
	return nil
}

// Abort removes the held files and ends the batch.
func (b *Batch) Abort() {
	if b == nil {
		return
	}
	discard(b.end())
}

func (b *Batch) end() []*File {
	mu.Lock()
	defer mu.Unlock()
	if held == b {
		held = nil
	}
	files := b.files
	b.files = nil
	return files
}

// hold keeps a written and closed file for the batch in force, if any.
func hold(f *File) bool {
	mu.Lock()
	defer mu.Unlock()
	if held == nil {
		return false
	}
	held.files = append(held.files, f)
	return true
}

func discard(files []*File) {
	for _, f := range files {
		os.Remove(f.Name())
		forget(f)
	}
}

func forget(f *File) {
	mu.Lock()
	delete(live, f)
	mu.Unlock()
}

// syncDir makes a rename in path's folder durable (Unix; Windows has no
// way to sync a folder and needs none for NTFS metadata).
func syncDir(path string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync() // best effort: some file systems refuse to sync a folder
		d.Close()
	}
}
