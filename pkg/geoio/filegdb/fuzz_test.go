package filegdb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzTable feeds a .gdbtable and a .gdbtablx to the table reader: the
// header, the field descriptors, every row and every geometry. It must
// never panic nor allocate beyond what the bytes justify. Seeded with the
// tables of testdata.
//
//	go test -run '^$' -fuzz FuzzTable -fuzztime 60s ./pkg/geoio/filegdb
func FuzzTable(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.gdb/*.gdbtable")
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		index, _ := os.ReadFile(strings.TrimSuffix(p, "table") + "tablx")
		f.Add(data, index)
	}
	f.Fuzz(func(t *testing.T, data, index []byte) {
		readAllRows(data, index)
	})
}
