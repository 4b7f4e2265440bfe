package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Config is the --config scenario file. It names the layers (paths
// relative to the file), their field mappings, the model, access speeds,
// priority weights, the years and the targets per indicator and year. The
// report command runs the whole scenario; every other command takes from
// it the values of the flags it has, and flags given on the command line
// win. Unknown keys are errors that name the line, so a misspelt key is
// never silently ignored.
type Config struct {
	Title  string `yaml:"title"`
	Region string `yaml:"region"`
	Lang   string `yaml:"lang"`
	Years  []int  `yaml:"years"`
	// Publisher is the issuing body and Date the date of issue, printed
	// on the report (free text, e.g. 2026-12-01).
	Publisher string `yaml:"publisher"`
	Date      string `yaml:"date"`
	// ActualUntil is the last year of actual data; later years are
	// projections, marked as such. 0: every year is actual.
	ActualUntil int `yaml:"actual_until"`
	// Costs are the unit costs of the interventions.
	Costs  *Costs `yaml:"costs"`
	Layers struct {
		Villages        *LayerSpec  `yaml:"villages"`
		Sites           *SitesSpec  `yaml:"sites"`
		Settlements     *LayerSpec  `yaml:"settlements"`
		Offices         *LayerSpec  `yaml:"offices"`
		EconomicCentres *LayerSpec  `yaml:"economic_centres"`
		Facilities      *LayerSpec  `yaml:"facilities"`
		Roads           []LayerSpec `yaml:"roads"`
		Rivers          []LayerSpec `yaml:"rivers"`
		// Population is a gridded population (WorldPop, HRSL, GHS-POP):
		// the villages' people from it, judged where they live.
		Population *PopulationSpec `yaml:"population"`
	} `yaml:"layers"`
	Model struct {
		Name         string   `yaml:"name"`
		Environment  string   `yaml:"environment"`
		LargeCity    *bool    `yaml:"large_city"`
		SampleM      *float64 `yaml:"sample_m"`
		MinShare     *float64 `yaml:"min_share"`
		ThresholdDBm *float64 `yaml:"threshold_dbm"`
		SiteDefaults string   `yaml:"site_defaults"`
		DEM          string   `yaml:"dem"`
		ClutterM     *float64 `yaml:"clutter_m"`
		// Calibration is a `kukarcli calibrate` fit applied to the sites.
		Calibration string `yaml:"calibration"`
	} `yaml:"model"`
	Access struct {
		BoatSpeedKMH       *float64 `yaml:"boat_speed_kmh"`
		WalkSpeedKMH       *float64 `yaml:"walk_speed_kmh"`
		MaxSnapM           *float64 `yaml:"max_snap_m"`
		NodeSnapM          *float64 `yaml:"node_snap_m"`
		BoardingPenaltyMin *float64 `yaml:"boarding_penalty_min"`
		Speeds             string   `yaml:"speeds"`
		// WithinMin asks for a travel-time surface and the report's
		// people and villages within each time of their kecamatan
		// capital's catchment; SurfaceCellM is its cell (default 250 m),
		// Landcover and LandcoverSpeeds its friction.
		WithinMin       []float64 `yaml:"within_min"`
		SurfaceCellM    *float64  `yaml:"surface_cell_m"`
		Landcover       string    `yaml:"landcover"`
		LandcoverSpeeds string    `yaml:"landcover_speeds"`
	} `yaml:"access"`
	// Weights is the priority weights and thresholds document, checked by
	// pkg/priority with its own line-numbered errors.
	Weights yaml.Node `yaml:"weights"`
	Plan    struct {
		K           *int     `yaml:"k"`
		TargetShare *float64 `yaml:"target_share"`
	} `yaml:"plan"`
	// Survey lists field surveys of the villages' signal, one per year;
	// the report compares the model with each.
	Survey []SurveySpec `yaml:"survey"`
	// IndicatorsFrom says where the village indicators of a surveyed year
	// come from: model (the default), survey, or both side by side.
	IndicatorsFrom string                     `yaml:"indicators_from"`
	Top            *int                       `yaml:"top"`
	Targets        map[string]map[int]float64 `yaml:"targets"`
	Options        struct {
		Strict    *bool   `yaml:"strict"`
		Precision *int    `yaml:"precision"`
		SCRS      *string `yaml:"s_crs"`
		TCRS      *string `yaml:"t_crs"`
	} `yaml:"options"`

	dir  string // the file's folder: layer paths are relative to it
	File string `yaml:"-"` // the scenario file, for messages
}

// LayerSpec is one input layer of a scenario.
type LayerSpec struct {
	Path   string `yaml:"path"`
	Format string `yaml:"format"`
	// Layer picks one layer of a file that holds several (a GeoPackage,
	// a File Geodatabase, a workbook's sheet).
	Layer  string            `yaml:"layer"`
	Fields map[string]string `yaml:"fields"`
	// Source and Date say where the data comes from and how current it
	// is; the report lists them with the inputs.
	Source string `yaml:"source"`
	Date   string `yaml:"date"`
	// Join lists tables whose columns are added to the layer, matched by
	// village code or name (villages only).
	Join []JoinSpec `yaml:"join"`
}

// Costs are the unit cost of each intervention, in Currency, and the
// funding source the plan assumes (APBD, BAKTI, operator …).
type Costs struct {
	Currency  string  `yaml:"currency"`
	MacroBTS  float64 `yaml:"macro_bts"`
	SmallCell float64 `yaml:"small_cell"`
	VSAT      float64 `yaml:"vsat"`
	Funding   string  `yaml:"funding"`
}

// SitesSpec is the tower layer: one file whose year field says when each
// site went on air, or one file per year (cumulative: a year's sites are
// those of its file and every earlier one).
type SitesSpec struct {
	LayerSpec `yaml:",inline"`
	ByYear    map[int]string `yaml:"by_year"`
}

// Resolve makes a scenario path absolute against the scenario's folder.
//
// A scenario written on Windows works elsewhere: a backslash is a folder
// separator wherever the system's separator is the slash (no one names a
// layer file with a backslash in it), and a path with a drive letter
// ("C:\\data\\desa.shp") is absolute and used as it is.
func (c *Config) Resolve(p string) string {
	if p == "" || p == "-" {
		return p
	}
	if filepath.Separator == '/' {
		if driveLetter(p) {
			return p
		}
		p = strings.ReplaceAll(p, `\`, "/")
	}
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.dir, p)
}

// driveLetter says whether p starts with a Windows drive ("C:").
func driveLetter(p string) bool {
	return len(p) >= 2 && p[1] == ':' && (p[0] >= 'A' && p[0] <= 'Z' || p[0] >= 'a' && p[0] <= 'z')
}

// LoadConfig reads a scenario file.
func LoadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--config: %w", err)
	}
	return ParseConfig(b, path)
}

// ParseConfig reads a scenario from its bytes; path names it in messages
// and is the base of relative layer paths. An unknown key is an error
// that names its line.
func ParseConfig(b []byte, path string) (*Config, error) {
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("--config %s: %v", path, explainYAML(err, b, reflect.TypeOf(c)))
	}
	if err := checkWholeNumbers(b, reflect.TypeOf(c)); err != nil {
		return nil, fmt.Errorf("--config %s: %v", path, err)
	}
	c.dir = filepath.Dir(path)
	c.File = path
	return &c, nil
}

// PopulationSpec is a population raster: a single-band GeoTIFF read by
// window under the villages, aggregated to demand cells of DemandCellM
// (default 250 m). Year is the year its people were counted or modelled,
// printed on the report.
type PopulationSpec struct {
	Path        string   `yaml:"path"`
	Year        int      `yaml:"year"`
	DemandCellM *float64 `yaml:"demand_cell_m"`
	Source      string   `yaml:"source"`
	Date        string   `yaml:"date"`
}

// SurveySpec is one field survey of the villages' signal: a table of
// village code or name and kecamatan, and a status (ada/tidak ada/lemah,
// yes/no, 1/0, signal bars), matched to the villages by the join rules.
type SurveySpec struct {
	Path   string `yaml:"path"`
	Format string `yaml:"format"`
	Layer  string `yaml:"layer"`
	// Year is the year the survey describes.
	Year int `yaml:"year"`
	// Column names the survey's village code column, StatusColumn its
	// status column, when their names are not the usual ones.
	Column       string `yaml:"column"`
	StatusColumn string `yaml:"status_column"`
	Source       string `yaml:"source"`
	Date         string `yaml:"date"`
}

// WeightsYAML is the weights section as its own YAML document.
func (c *Config) WeightsYAML() ([]byte, error) {
	if c.Weights.Kind == 0 {
		return nil, nil
	}
	return yaml.Marshal(&c.Weights)
}

// SortedMapKeys is m's keys in order.
func SortedMapKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
