package xlsx

import "github.com/kukarcli/kukarcli/pkg/geoio"

func init() {
	geoio.Register(&geoio.Format{Name: "xlsx", Title: "Excel", Exts: []string{".xlsx"}, NeedsSchema: true, Rank: 35,
		Open: openXLSX, Create: create})
}
