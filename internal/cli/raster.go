package cli

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/kukarcli/kukarcli/pkg/scenario"
)

// metresPerDegreeLat is the WGS 84 meridian degree near the equator, used
// only to turn --cell into degrees for the raster grid.
const metresPerDegreeLat = 110574.0

// rasterRun writes the best-server received-power grid of the sites over
// the area: a GeoTIFF (.tif), or a coloured PNG with a KML GroundOverlay
// beside it (.png).
func rasterRun(opts *CoverageOptions, log *scenario.Log) error {
	c := &opts.Cov
	ext := strings.ToLower(filepath.Ext(opts.Raster))
	if ext != ".tif" && ext != ".tiff" && ext != ".png" {
		return scenario.Usagef("--raster %s: use a .tif (GeoTIFF) or .png (with a KML overlay) name", opts.Raster)
	}
	areaPath := opts.Area
	if areaPath == "" {
		areaPath = c.Targets
	}
	if c.Sites == "" || areaPath == "" {
		return scenario.Usagef("--raster needs --sites and --area (or --targets)")
	}
	p, err := c.params(opts.cmd)
	if err != nil {
		return err
	}
	if p.Table, err = scenario.LoadSiteDefaults(c.SiteDefaults); err != nil {
		return err
	}
	sites, err := loadRasterSites(opts, p.Table, log)
	if err != nil {
		return err
	}
	spec, err := rasterSpecOver(opts, areaPath, log)
	if err != nil {
		return err
	}
	var shard *scenario.Shard
	if c.Shard != "" {
		if shard, err = scenario.ParseShard(c.Shard); err != nil {
			return err
		}
		if ext == ".png" {
			return scenario.Usagef("--shard writes GeoTIFF bands for kukarcli merge: name a .tif")
		}
	}
	r0, r1, err := shard.Rows(spec.Height)
	if err != nil {
		return err
	}
	full := spec
	spec.Row0, spec.Height = r0, r1-r0
	elev, err := openRasterDEM(c, &p)
	if err != nil {
		return err
	}
	if elev != nil {
		pts := make([]orb.Point, len(sites))
		for i, s := range sites {
			pts[i] = s.Pos
		}
		if err := raster.CheckCovers(elev, c.DEM, "sites", pts); err != nil {
			return err
		}
	}
	bar := newBar(opts.IO, opts.Global, c.Sites == "-" || areaPath == "-", "sweeping sites", -1, "sweeps")
	p.Progress = func(n int) { bar.Add(n) }
	grid, warns, err := coverage.BestServerRaster(sites, spec, p, elev, opts.RasterRadiusM)
	bar.Finish()
	if err != nil {
		return err
	}
	for _, w := range warns {
		log.Warn(fmt.Sprintf("%s (%d×)", w.Message, w.Count))
	}
	inputs := append(inputFiles(c.Sites), inputFiles(areaPath)...)
	if c.DEM != "" {
		inputs = append(inputs, c.DEM)
	}
	// a shard's band keeps the whole grid's top edge and cell size, moved
	// down by whole rows
	g := raster.NewGrid("best_server_dbm", spec.WestDeg, full.NorthDeg-float64(r0)*spec.CellDeg, spec.CellDeg, spec.CellDeg, spec.Width, spec.Height)
	copy(g.Data, grid)
	if err := writeRaster(opts, ext, inputs, g); err != nil {
		return err
	}
	if !opts.Global.Quiet {
		fmt.Fprintf(opts.IO.ErrOut, "raster: %d×%d cells of %g m, %d with a signal from %d sites (model %s), written to %s\n",
			spec.Width, spec.Height, opts.CellM, countServed(grid), len(sites), p.Model, opts.Raster)
	}
	return log.Finish()
}

// loadRasterSites reads --sites into engine sites, with the site roles of
// --field and the per-technology defaults of table.
func loadRasterSites(opts *CoverageOptions, table map[coverage.Tech]coverage.TechDefaults, log *scenario.Log) ([]coverage.Site, error) {
	c := &opts.Cov
	sd, err := loadLayer(c.Sites, opts.IO, &c.Read, log)
	if err != nil {
		return nil, err
	}
	explicit, err := scenario.ParseFieldFlags(c.Fields, append(append([]scenario.Role{}, scenario.TargetRoles...), scenario.SiteRoles...))
	if err != nil {
		return nil, err
	}
	siteFields := map[string]string{}
	for k, v := range explicit {
		if scenario.HasRole(scenario.SiteRoles, k) {
			siteFields[k] = v
		}
	}
	return scenario.BuildSites(sd, scenario.SiteOptions{Fields: siteFields, DefaultTech: c.DefaultTech, Year: c.Year, Table: table}, log, opts.IO.ErrOut, opts.Global.Quiet)
}

// rasterSpecOver is the grid of --cell squares that covers the bounds of
// the area layer's geometries, from their north-west corner.
func rasterSpecOver(opts *CoverageOptions, areaPath string, log *scenario.Log) (coverage.RasterSpec, error) {
	ad, err := loadLayer(areaPath, opts.IO, &opts.Cov.Read, log)
	if err != nil {
		return coverage.RasterSpec{}, err
	}
	b, ok := featuresBound(ad.Features)
	if !ok {
		return coverage.RasterSpec{}, fmt.Errorf("%s: no geometry to make a raster over", areaPath)
	}
	cellDeg := opts.CellM / metresPerDegreeLat
	return coverage.RasterSpec{WestDeg: b.Min[0], NorthDeg: b.Max[1], CellDeg: cellDeg,
		Width: int(math.Ceil((b.Max[0] - b.Min[0]) / cellDeg)), Height: int(math.Ceil((b.Max[1] - b.Min[1]) / cellDeg))}, nil
}

// featuresBound is the union of the bounds of the features' geometries;
// false when none has a geometry.
func featuresBound(fs []*geoio.Feature) (orb.Bound, bool) {
	var b orb.Bound
	first := true
	for _, f := range fs {
		if f.Geometry == nil {
			continue
		}
		if first {
			b, first = f.Geometry.Bound(), false
		} else {
			b = b.Union(f.Geometry.Bound())
		}
	}
	return b, !first
}

// openRasterDEM opens --dem, when given, as the grid's elevations and the
// terrain behind p's model; nil without --dem.
func openRasterDEM(c *CoverageFlags, p *coverage.Params) (coverage.Elevation, error) {
	if c.DEM == "" {
		return nil, nil
	}
	dem, err := c.openDEM()
	if err != nil {
		return nil, err
	}
	p.Terrain = scenario.DEMProfiler{DEM: dem, ClutterM: c.ClutterM, Name: c.DEM}
	return dem, nil
}

// countServed is the number of cells that some site reaches (not NaN).
func countServed(grid []float32) int {
	served := 0
	for _, v := range grid {
		if !math.IsNaN(float64(v)) {
			served++
		}
	}
	return served
}

// writeRaster writes g to --raster: a PNG with its KML overlay when ext is
// .png, a GeoTIFF otherwise.
func writeRaster(opts *CoverageOptions, ext string, inputs []string, g *raster.Grid) error {
	if ext == ".png" {
		return writeRasterPNG(opts, inputs, g)
	}
	out, err := openFile(opts.Raster, opts.Out.Overwrite, inputs)
	if err != nil {
		return err
	}
	if err := raster.WriteGeoTIFF(out.W, g); err != nil {
		out.abort()
		return err
	}
	return out.commit()
}

// signalColour is the PNG ramp (received power, dBm): dark green above
// -80, green to -95, yellow to -105, orange to -110 (the 4G planning
// threshold), red to -120, transparent below or where no site reaches.
func signalColour(v float32) color.NRGBA {
	switch {
	case math.IsNaN(float64(v)) || v < -120:
		return color.NRGBA{}
	case v >= -80:
		return color.NRGBA{0, 104, 55, 200}
	case v >= -95:
		return color.NRGBA{49, 163, 84, 190}
	case v >= -105:
		return color.NRGBA{255, 221, 51, 180}
	case v >= -110:
		return color.NRGBA{253, 141, 60, 170}
	}
	return color.NRGBA{215, 25, 28, 150}
}

// writeRasterPNG writes g as a PNG coloured by signalColour, with a KML
// GroundOverlay of the same name beside it.
func writeRasterPNG(opts *CoverageOptions, inputs []string, g *raster.Grid) error {
	img := image.NewNRGBA(image.Rect(0, 0, g.Width, g.Height))
	for j := 0; j < g.Height; j++ {
		for i := 0; i < g.Width; i++ {
			img.SetNRGBA(i, j, signalColour(g.Data[j*g.Width+i]))
		}
	}
	kmlPath := strings.TrimSuffix(opts.Raster, filepath.Ext(opts.Raster)) + ".kml"
	if err := checkTargets([]string{kmlPath}, opts.Out.Overwrite, inputs); err != nil {
		return err
	}
	out, err := openFile(opts.Raster, opts.Out.Overwrite, inputs)
	if err != nil {
		return err
	}
	if err := png.Encode(out.W, img); err != nil {
		out.abort()
		return err
	}
	side, err := out.sidecar(kmlPath)
	if err != nil {
		out.abort()
		return err
	}
	if _, err := io.Copy(side, bytes.NewReader(groundOverlayKML(filepath.Base(opts.Raster), g))); err != nil {
		out.abort()
		return err
	}
	return out.commit()
}

// groundOverlayKML places the PNG on Google Earth (KML 2.2 GroundOverlay).
func groundOverlayKML(href string, g *raster.Grid) []byte {
	east := g.WestDeg + float64(g.Width)*g.CellXDeg
	south := g.NorthDeg - float64(g.Height)*g.CellYDeg
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
  <GroundOverlay>
    <name>best-server received power (dBm)</name>
    <Icon><href>%s</href></Icon>
    <LatLonBox>
      <north>%s</north>
      <south>%s</south>
      <east>%s</east>
      <west>%s</west>
    </LatLonBox>
  </GroundOverlay>
</kml>
`, xmlEscape(href), ffmt(g.NorthDeg), ffmt(south), ffmt(east), ffmt(g.WestDeg))
	return b.Bytes()
}

// xmlEscape escapes s for XML text.
func xmlEscape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
