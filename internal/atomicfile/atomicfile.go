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
)

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
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, err
	}
	return &File{File: f, path: path, perm: perm}, nil
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
	tmp := f.Name()
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
	f.Close()
	return os.Remove(f.Name())
}
