package gpkg

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"modernc.org/sqlite"
)

// formatTitle is the format name readers give their layers.
const formatTitle = "GeoPackage"

func init() {
	geoio.Register(&geoio.Format{Name: "gpkg", Title: formatTitle, Exts: []string{".gpkg"},
		// the columns are declared when the table is made, and the
		// driver writes its own file (SQLite needs one it can seek in)
		NeedsSchema: true, Multi: true, Rank: 25,
		Open: Open,
		Create: func(path string, _ io.Writer, l geoio.Layer, o geoio.WriteOptions) (geoio.Writer, error) {
			return Create(path, l, o)
		}})
}

// applicationID is "GPKG" as the big-endian int32 of PRAGMA application_id
// and userVersion is 1.3.0 as 10300 in PRAGMA user_version (§1.1.1.1.1).
const (
	applicationID = 0x47504B47
	userVersion   = 10300
)

// sqliteDriver opens connections directly, without database/sql's pool:
// each reader and writer owns one connection and uses it from one
// goroutine at a time.
var sqliteDriver sqlite.Driver

// conn is one SQLite connection.
type conn struct {
	c driver.Conn
}

// fileURI makes an SQLite URI of a path, escaping what a URI must.
func fileURI(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive: file:///C:/...
	}
	return (&url.URL{Scheme: "file", Path: p}).String(), nil
}

// openConn opens the database at path, read-only or read-write (the
// file is then created when missing).
func openConn(path string, readOnly bool) (*conn, error) {
	dsn, err := fileURI(path)
	if err != nil {
		return nil, err
	}
	if readOnly {
		dsn += "?mode=ro"
	}
	c, err := sqliteDriver.Open(dsn)
	if err != nil {
		return nil, err
	}
	return &conn{c: c}, nil
}

func (c *conn) Close() error {
	if c == nil || c.c == nil {
		return nil
	}
	err := c.c.Close()
	c.c = nil
	return err
}

func named(args []any) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return nv
}

// exec runs statements that return no rows.
func (c *conn) exec(query string, args ...any) error {
	_, err := c.c.(driver.ExecerContext).ExecContext(context.Background(), query, named(args))
	return err
}

// query runs a query and hands each row to fn; the values are only valid
// during the call.
func (c *conn) query(query string, fn func(row []driver.Value) error, args ...any) error {
	rows, err := c.c.(driver.QueryerContext).QueryContext(context.Background(), query, named(args))
	if err != nil {
		return err
	}
	defer rows.Close()
	row := make([]driver.Value, len(rows.Columns()))
	for {
		if err := rows.Next(row); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if err := fn(row); err != nil {
			return err
		}
	}
}

// queryInt runs a query of one integer; ok is false when it gives no row
// or NULL.
func (c *conn) queryInt(query string, args ...any) (v int64, ok bool, err error) {
	err = c.query(query, func(row []driver.Value) error {
		if n, isInt := row[0].(int64); isInt && !ok {
			v, ok = n, true
		}
		return nil
	}, args...)
	return v, ok, err
}

// prepare makes a statement to run many times.
func (c *conn) prepare(query string) (driver.Stmt, error) {
	return c.c.(driver.ConnPrepareContext).PrepareContext(context.Background(), query)
}

// hasTable says whether a table or view of that name exists.
func (c *conn) hasTable(name string) (bool, error) {
	_, ok, err := c.queryInt("SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND lower(name) = lower(?)", name)
	return ok, err
}

// quoteIdent quotes an SQL identifier.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// isConstraint says err is SQLite's SQLITE_CONSTRAINT (a duplicate
// primary key, among others).
func isConstraint(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == 19
}

// sqlError describes an SQLite error for messages, naming the file.
func sqlError(file string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case 11, 26: // SQLITE_CORRUPT, SQLITE_NOTADB
			return &geoio.FormatError{File: file, Index: -1, Reason: "the file is damaged or not a GeoPackage (" + se.Error() + ")"}
		}
	}
	return fmt.Errorf("geoio: %s: %w", file, err)
}
