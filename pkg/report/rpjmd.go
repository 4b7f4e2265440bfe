package report

// The RPJMD progress report: one data model (Report), rendered as a
// self-contained HTML page, as Markdown for CI artefacts and as JSON for
// other tools. The renderers only format; every value is computed by the
// caller. Nothing here reads a clock or ranges over a map into output, so
// identical input gives byte-identical output.
//
// References: RPJMD Kabupaten Kutai Kartanegara 2021–2026 ("Kukar Tanpa
// Blank Spot", indicator names); HTML Living Standard (WHATWG) for the
// document and escaping; SVG 1.1 (W3C) for charts and maps; CommonMark 0.31
// and GitHub Flavored Markdown spec 0.29 for tables and backslash escapes;
// RFC 8259 for JSON. The map uses the equirectangular projection with the
// x scale multiplied by cos(mean latitude) (Snyder, "Map Projections — A
// Working Manual", USGS PP 1395, 1987, p. 90).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// Report is everything the RPJMD progress report shows. The caller fills
// it; the Write functions only render it.
type Report struct {
	Title, Region string // e.g. "Kukar Tanpa Blank Spot", "Kabupaten Kutai Kartanegara"
	Publisher     string // the issuing body, e.g. "Diskominfo Kabupaten Kutai Kartanegara"
	Date          string // the date of issue as the publisher writes it
	// ActualUntil is the last year of actual data; later years are
	// projections. 0: every year is actual.
	ActualUntil int
	Method      Method // what "has signal" means, and the capitals
	Costs       *Costs // nil: no costs
	Lang        string // "id" (default when empty) or "en"
	Years       []int  // ascending, e.g. 2021..2026
	LatestYear  int    // the last year with data (== Years[len-1])
	Model       string // coverage model, e.g. "radius"
	Indicators  []IndicatorSeries
	Kecamatan   []KecamatanRow // latest year, sorted by name
	// KecamatanTotal is the table's total row when the caller has it
	// (the indicators' own figures, so the table and the summary agree);
	// nil to sum the rows.
	KecamatanTotal *KecamatanRow
	Priorities     []PriorityRow  // top N of the latest year
	Proposed       []ProposedSite // plan for the latest year
	PlanBase       *ProposedSite  // the indicators the plan starts from; nil without a plan
	// NoLandAccess are the villages no facility can be reached from by
	// road or footpath (river only), with how they are or could be
	// connected.
	NoLandAccess []RiverVillage
	Map          MapData
	Inputs       []InputFile // what data went in
	Stamp        string      // "" unless the user asked for a timestamp; see FormatDate
	Notes        []string    // e.g. "illustrative data" warnings, shown prominently
	// Ground is the model against the field surveys, one per surveyed
	// year, in year order.
	Ground []GroundYear
	// IndicatorsFrom says where the village indicators of surveyed years
	// come from: FromModel ("" too), FromSurvey or FromBoth.
	IndicatorsFrom string
	// Reach is the people and villages within each travel time of the
	// nearest kecamatan capital over a travel-time surface (roads,
	// rivers and the land between), per capital's catchment and in total
	// (Kecamatan ""), in the order of the times; ReachCellM is the
	// surface's cell. Empty when not asked for.
	Reach      []ReachRow
	ReachCellM float64
}

// ReachRow is one kecamatan capital's catchment (or the total) within
// one travel time.
type ReachRow struct {
	Kecamatan                   string
	Minutes                     float64
	Population, TotalPopulation float64
	Villages, TotalVillages     int
}

// Indicator keys the catalogue names; other keys are shown as they are.
const (
	IndicatorVillagesWithSignal  = "villages_with_signal"
	IndicatorOfficesWithSignal   = "offices_with_signal"
	IndicatorPopulationCovered   = "population_covered"
	IndicatorBlankSpotVillages   = "blank_spot_villages"
	IndicatorRoadLengthCoveredKm = "road_length_covered_km"
)

// IndicatorSeries is one RPJMD indicator over the years.
type IndicatorSeries struct {
	Key            string // villages_with_signal, offices_with_signal, population_covered, blank_spot_villages, road_length_covered_km
	Unit           string // "count", "people", "km" or "share" (0..1)
	HigherIsBetter bool
	Total          float64 // denominator (e.g. 237 villages); 0 if none
	Values         []YearValue
}

// YearValue is an indicator's value in one year and its target, if any.
type YearValue struct {
	Year   int
	Value  float64  // NaN when unknown
	Target *float64 // nil when no target that year
	// TargetShare is the share of the total the target was given as
	// (Target is then the value it implies); nil for a target given as a
	// value.
	TargetShare *float64
	Met         *bool // nil when no target
	// FromSurvey: Value is a field survey's, not the model's.
	FromSurvey bool
	// Survey is the survey's value beside the model's (IndicatorsFrom
	// both); nil when none.
	Survey *float64
}

// KecamatanRow is one kecamatan in the latest year.
type KecamatanRow struct {
	Kecamatan                                                      string
	Villages, VillagesCovered, BlankSpots, Offices, OfficesCovered int
	Population, PopulationCovered                                  float64
	MeanTravelTimeMin                                              float64 // NaN when unknown
	NoLandAccess                                                   int
	TopVillage                                                     string
}

// ReasonPart is one factor behind a village's priority. Factor keys:
// uncovered_population (people), uncovered_share (0..1),
// office_without_signal, economic_without_signal, no_land_access,
// no_signal, unreachable (flags: shown only when Value != 0), remoteness
// (seconds), distance_to_site (metres), gain_per_site (people), covered
// (0..1).
type ReasonPart struct {
	Factor string
	Value  float64
}

// PriorityRow is one village in the priority list.
type PriorityRow struct {
	Rank                int
	ID, Name, Kecamatan string
	Score               float64
	Parts               []ReasonPart
	Intervention        string  // macro_bts, small_cell, vsat, none
	Cost                float64 // of the intervention; NaN without costs
}

// RiverVillage is a village without land access and its connectivity
// option: "signal" when it and its office have signal, else the
// intervention of the priority ranking (vsat, small_cell, macro_bts).
type RiverVillage struct {
	Name, Kecamatan string
	Signal          bool
	TravelTimeMin   float64 // to the kecamatan capital by boat and foot; NaN when unknown
	Option          string
}

// Method says how the figures were made, for the definitions section.
type Method struct {
	Model        string   // coverage model
	SampleM      float64  // spacing of the sample points in a village, metres
	MinShare     float64  // share of a village's samples that must have signal
	ThresholdDBm *float64 // received-power threshold of the signal models; nil: per technology
	Settlements  bool     // population weighted by settlement points, else spread over the area
	// PopulationRaster is the gridded population the villages' people
	// come from ("" for none) and PopulationYear its year (0: unknown).
	PopulationRaster string
	PopulationYear   int
	DemandCellM      float64 // the cells the raster's people are judged in
	Capitals         []Capital
}

// Capital is one kecamatan capital (a facility of the access analysis)
// and the village it lies in.
type Capital struct {
	Kecamatan, Village string
	Signal, Has4G      bool
}

// Costs are the unit costs of the interventions and what the priorities
// and the proposed sites would cost.
type Costs struct {
	Currency                  string
	MacroBTS, SmallCell, VSAT float64
	Funding                   string
	ByKecamatan               []CostRow // sorted by kecamatan
}

// Total sums the kecamatan rows.
func (c *Costs) Total() CostRow {
	var t CostRow
	for _, k := range c.ByKecamatan {
		t.PriorityVillages += k.PriorityVillages
		t.ProposedSites += k.ProposedSites
		t.PriorityCost += k.PriorityCost
		t.ProposedCost += k.ProposedCost
	}
	return t
}

// CostRow is what one kecamatan's priority villages and proposed sites
// would cost.
type CostRow struct {
	Kecamatan                       string
	PriorityVillages, ProposedSites int
	PriorityCost, ProposedCost      float64
}

// ProposedSite is one new tower site of the plan, with the indicators
// as they would be with it and every site before it built. PlanBase uses
// the indicator fields only: the latest year without new sites.
type ProposedSite struct {
	Rank           int
	Village        string // the village the site stands in
	Kecamatan      string
	Lon, Lat       float64
	GainPopulation float64 // people newly with signal
	// PopulationWithSignal and ShareWithSignal are population_covered and
	// its share of all population with this site and those before it.
	PopulationWithSignal, ShareWithSignal                     float64
	VillagesWithSignal, OfficesWithSignal, EconomicWithSignal int
	Villages                                                  []string // villages newly with signal
	Stage                                                     string   // "blank_spots" or "population"
	Cost                                                      float64  // a macro BTS; NaN without costs
}

// MapData is what the map draws, all in lon/lat.
type MapData struct {
	Villages []MapVillage
	Sites    []orb.Point
	Proposed []orb.Point
	Rivers   []orb.LineString
	// Isochrones outline the areas within each travel time of a
	// kecamatan capital (the report's reach), shortest time first.
	Isochrones []MapIsochrone
}

// MapIsochrone is the area within a travel time, drawn as its outline.
type MapIsochrone struct {
	Minutes float64
	Area    orb.MultiPolygon
}

// Village statuses on the map.
const (
	StatusCovered   = "covered"
	StatusBlankSpot = "blank_spot"
	// StatusNoLandAccess is an older status that mixed land access into
	// the signal status; it is still drawn, but MapVillage.NoLandAccess
	// is the way to say it.
	StatusNoLandAccess = "no_land_access"
)

// MapVillage is one village polygon, its signal status and, apart from
// it, whether it has land access: the two are different questions.
type MapVillage struct {
	Name         string
	Geometry     orb.Geometry // Polygon or MultiPolygon (a Point is drawn as a dot), lon/lat
	Status       string       // "covered" or "blank_spot"
	NoLandAccess bool         // no facility reachable by road or footpath (when access was computed)
	// Optional facts for the map's tooltip; the priority list and the
	// river table fill in what is left empty. ID and Kecamatan also
	// link the village to its rows in the tables.
	ID, Kecamatan string
	Population    *float64 // people; nil when unknown
	TravelTimeMin *float64 // to the kecamatan capital; nil when unknown
	// Statuses is the status in each year of the report, for the map's
	// year slider; years left out show as "other", the latest year as
	// Status. Empty: no slider.
	Statuses []YearStatus
}

// InputFile names one file that went into the report.
type InputFile struct {
	Role, Path, Format string
	Features           int
	SHA256             string
	Source, Date       string // as the scenario gives them; "" when not
}

// interventions lists the keys the catalogue names.
var interventions = []string{"macro_bts", "small_cell", "vsat", "none"}

// flagFactors are reasons that are either present or not.
var flagFactors = []string{"office_without_signal", "economic_without_signal", "no_land_access", "no_signal", "unreachable"}

func isFlagFactor(f string) bool {
	for _, k := range flagFactors {
		if k == f {
			return true
		}
	}
	return false
}

// indicatorName is the RPJMD name of an indicator, or its key.
func (l locale) indicatorName(key string) string {
	if l.has("ind." + key) {
		return l.t("ind." + key)
	}
	return key
}

// interventionName is the label of an intervention, or its key.
func (l locale) interventionName(key string) string {
	if key == "" {
		return l.t("val.none")
	}
	if l.has("int." + key) {
		return l.t("int." + key)
	}
	return key
}

// statusName is the label of a map status.
func (l locale) statusName(s string) string {
	switch s {
	case StatusCovered, StatusBlankSpot, StatusNoLandAccess:
		return l.t("status." + s)
	}
	return l.t("status.other")
}

// unitValue formats a value in its indicator unit without any share.
func (l locale) unitValue(unit string, v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return l.num(v, 0)
	}
	switch unit {
	case "count", "people":
		return l.num(v, 0)
	case "km":
		return l.num(v, 1) + " km"
	case "share":
		return l.pct(v)
	}
	return l.num(v, 2)
}

// indicatorValue formats a value with its share of the total, when the
// indicator has one: "218 (92,0 %)".
func (l locale) indicatorValue(s *IndicatorSeries, v float64) string {
	out := l.unitValue(s.Unit, v)
	if s.Total > 0 && s.Unit != "share" && !math.IsNaN(v) && !math.IsInf(v, 0) {
		out += " (" + l.pct(v/s.Total) + ")"
	}
	return out
}

// metText is the status of a year against its target.
func (l locale) metText(yv YearValue) string {
	if yv.Met == nil {
		return l.t("val.none")
	}
	if *yv.Met {
		return l.t("val.met")
	}
	return l.t("val.missed")
}

// reason renders one factor in the report's language; "" when a flag is
// not set.
func (l locale) reason(p ReasonPart) string {
	v := p.Value
	if isFlagFactor(p.Factor) {
		if v == 0 || math.IsNaN(v) {
			return ""
		}
		return l.t("why." + p.Factor)
	}
	switch p.Factor {
	case "uncovered_population", "gain_per_site":
		return l.tf("why."+p.Factor, l.num(v, 0))
	case "uncovered_share", "covered":
		return l.tf("why."+p.Factor, l.pct(v))
	case "remoteness":
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return l.t("why.remoteness_unknown")
		}
		return l.tf("why.remoteness", l.duration(v))
	case "distance_to_site":
		return l.tf("why.distance_to_site", l.distance(v))
	}
	return p.Factor + " " + l.num(v, 2)
}

// reasons joins a village's factors: "2.310 penduduk tanpa sinyal; kantor
// desa tanpa sinyal".
func (l locale) reasons(parts []ReasonPart) string {
	var out []string
	for _, p := range parts {
		if s := l.reason(p); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, "; ")
}

// yearsRange is "2021–2026", or the single year, or "–".
func (l locale) yearsRange(ys []int) string {
	switch len(ys) {
	case 0:
		return l.t("val.none")
	case 1:
		return itoa(ys[0])
	}
	return itoa(ys[0]) + "–" + itoa(ys[len(ys)-1])
}

// latestYear is LatestYear, or the last of Years when it is unset.
func (r *Report) latestYear() int {
	if r.LatestYear == 0 && len(r.Years) > 0 {
		return r.Years[len(r.Years)-1]
	}
	return r.LatestYear
}

// latestValue is the series' value in year y, if present.
func (s *IndicatorSeries) valueIn(y int) (YearValue, bool) {
	for _, v := range s.Values {
		if v.Year == y {
			return v, true
		}
	}
	return YearValue{}, false
}

// shortHash keeps the first 12 hex digits, enough to compare by eye.
func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

func itoa(i int) string { return strconv.Itoa(i) }

// jnum is a float written with the shortest exact digits, NaN and
// infinities as null.
type jnum float64

// MarshalJSON writes the number without localisation.
func (v jnum) MarshalJSON() ([]byte, error) {
	return geoio.AppendNumber(nil, float64(v)), nil
}

type jsonReport struct {
	Title      string          `json:"title"`
	Region     string          `json:"region"`
	Lang       string          `json:"lang"`
	Years      []int           `json:"years"`
	LatestYear int             `json:"latest_year"`
	Model      string          `json:"model"`
	Publisher  string          `json:"publisher,omitempty"`
	Date       string          `json:"date,omitempty"`
	ActualTo   int             `json:"actual_until,omitempty"`
	Method     jsonMethod      `json:"method"`
	Stamp      string          `json:"stamp,omitempty"`
	Notes      []string        `json:"notes"`
	Indicators []jsonIndicator `json:"indicators"`
	Kecamatan  []jsonKecamatan `json:"kecamatan"`
	KecTotal   *jsonKecamatan  `json:"kecamatan_total,omitempty"`
	Priorities []jsonPriority  `json:"priorities"`
	NoLand     []jsonRiver     `json:"villages_without_land_access"`
	PlanBase   *jsonPlanBase   `json:"plan_base,omitempty"`
	Proposed   []jsonProposed  `json:"proposed"`
	Costs      *jsonCosts      `json:"costs,omitempty"`
	Map        jsonMap         `json:"map"`
	Inputs     []jsonInput     `json:"inputs"`
	From       string          `json:"indicators_from"`
	Ground     []jsonGround    `json:"survey"`
	Reach      []jsonReach     `json:"travel_time_reach,omitempty"`
}

type jsonIndicator struct {
	Key            string      `json:"key"`
	Name           string      `json:"name"`
	Unit           string      `json:"unit"`
	HigherIsBetter bool        `json:"higher_is_better"`
	Total          *jnum       `json:"total"`
	Values         []jsonValue `json:"values"`
}

type jsonValue struct {
	Year        int    `json:"year"`
	Value       jnum   `json:"value"`
	Share       *jnum  `json:"share"`
	Target      *jnum  `json:"target"`
	TargetShare *jnum  `json:"target_share,omitempty"`
	Met         *bool  `json:"met"`
	Source      string `json:"source"`
	Survey      *jnum  `json:"survey,omitempty"`
}

type jsonKecamatan struct {
	Kecamatan         string `json:"kecamatan"`
	Villages          int    `json:"villages"`
	VillagesCovered   int    `json:"villages_covered"`
	BlankSpots        int    `json:"blank_spots"`
	Offices           int    `json:"offices"`
	OfficesCovered    int    `json:"offices_covered"`
	Population        jnum   `json:"population"`
	PopulationCovered jnum   `json:"population_covered"`
	MeanTravelTimeMin jnum   `json:"mean_travel_time_min"`
	NoLandAccess      int    `json:"no_land_access"`
	TopVillage        string `json:"top_village"`
}

type jsonReason struct {
	Factor string `json:"factor"`
	Value  jnum   `json:"value"`
}

type jsonPriority struct {
	Rank              int          `json:"rank"`
	ID                string       `json:"id"`
	Name              string       `json:"name"`
	Kecamatan         string       `json:"kecamatan"`
	Score             jnum         `json:"score"`
	Parts             []jsonReason `json:"parts"`
	Reasons           string       `json:"reasons"`
	Intervention      string       `json:"intervention"`
	InterventionLabel string       `json:"intervention_label"`
	Cost              *jnum        `json:"cost,omitempty"`
}

type jsonProposed struct {
	Rank                 int      `json:"rank"`
	Village              string   `json:"village"`
	Kecamatan            string   `json:"kecamatan"`
	Lon                  jnum     `json:"lon"`
	Lat                  jnum     `json:"lat"`
	Stage                string   `json:"stage"`
	GainPopulation       jnum     `json:"gain_population"`
	PopulationWithSignal jnum     `json:"population_with_signal"`
	ShareWithSignal      jnum     `json:"share_with_signal"`
	VillagesWithSignal   int      `json:"villages_with_signal"`
	OfficesWithSignal    int      `json:"offices_with_signal"`
	EconomicWithSignal   int      `json:"economic_centres_with_signal"`
	NewlyCovered         []string `json:"villages_newly_with_signal"`
	Cost                 *jnum    `json:"cost,omitempty"`
}

type jsonMethod struct {
	SampleM      jnum          `json:"sample_m"`
	MinShare     jnum          `json:"min_share"`
	ThresholdDBm *jnum         `json:"threshold_dbm"`
	Settlements  bool          `json:"population_by_settlements"`
	PopRaster    string        `json:"population_raster,omitempty"`
	PopYear      int           `json:"population_year,omitempty"`
	Capitals     []jsonCapital `json:"kecamatan_capitals"`
}

type jsonCapital struct {
	Kecamatan string `json:"kecamatan"`
	Village   string `json:"village"`
	Signal    bool   `json:"signal"`
	Has4G     bool   `json:"has_4g"`
}

type jsonCostRow struct {
	Kecamatan        string `json:"kecamatan,omitempty"`
	PriorityVillages int    `json:"priority_villages"`
	PriorityCost     jnum   `json:"priority_cost"`
	ProposedSites    int    `json:"proposed_sites"`
	ProposedCost     jnum   `json:"proposed_cost"`
}

type jsonCosts struct {
	Currency    string        `json:"currency"`
	MacroBTS    jnum          `json:"macro_bts"`
	SmallCell   jnum          `json:"small_cell"`
	VSAT        jnum          `json:"vsat"`
	Funding     string        `json:"funding,omitempty"`
	ByKecamatan []jsonCostRow `json:"by_kecamatan"`
	Total       jsonCostRow   `json:"total"`
}

type jsonRiver struct {
	Name          string `json:"name"`
	Kecamatan     string `json:"kecamatan"`
	Signal        bool   `json:"signal"`
	TravelTimeMin jnum   `json:"travel_time_min"`
	Option        string `json:"option"`
}

type jsonPlanBase struct {
	PopulationWithSignal jnum `json:"population_with_signal"`
	ShareWithSignal      jnum `json:"share_with_signal"`
	VillagesWithSignal   int  `json:"villages_with_signal"`
	OfficesWithSignal    int  `json:"offices_with_signal"`
	EconomicWithSignal   int  `json:"economic_centres_with_signal"`
}

type jsonMapVillage struct {
	Name         string `json:"name"`
	Status       string `json:"status"`
	NoLandAccess bool   `json:"no_land_access"`
}

type jsonMap struct {
	Villages []jsonMapVillage `json:"villages"`
	Sites    [][2]jnum        `json:"sites"`
	Proposed [][2]jnum        `json:"proposed"`
	Rivers   int              `json:"rivers"`
}

type jsonInput struct {
	Role     string `json:"role"`
	Path     string `json:"path"`
	Format   string `json:"format"`
	Features int    `json:"features"`
	SHA256   string `json:"sha256"`
}

func optNum(p *float64) *jnum {
	if p == nil {
		return nil
	}
	v := jnum(*p)
	return &v
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func points(ps []orb.Point) [][2]jnum {
	out := make([][2]jnum, 0, len(ps))
	for _, p := range ps {
		out = append(out, [2]jnum{jnum(p[0]), jnum(p[1])})
	}
	return out
}

// WriteJSON writes the report for other tools: keys in a fixed order,
// numbers unlocalised with the shortest exact digits, NaN as null, full
// SHA-256 checksums. Labels (indicator names, reasons) are in the report's
// language next to the keys.
func WriteJSON(w io.Writer, r *Report) error {
	l, err := newLocale(r.Lang)
	if err != nil {
		return err
	}
	j := jsonReport{
		Title: r.Title, Region: r.Region, Lang: l.lang,
		Years: nonNil(r.Years), LatestYear: r.latestYear(), Model: r.Model,
		Stamp: r.Stamp, Notes: nonNil(r.Notes),
		Indicators: []jsonIndicator{}, Kecamatan: []jsonKecamatan{},
		Priorities: []jsonPriority{}, Proposed: []jsonProposed{},
		Inputs: []jsonInput{},
		Map: jsonMap{Villages: []jsonMapVillage{}, Sites: points(r.Map.Sites),
			Proposed: points(r.Map.Proposed), Rivers: len(r.Map.Rivers)},
	}
	j.Publisher, j.Date, j.ActualTo = r.Publisher, r.Date, r.ActualUntil
	j.From, j.Ground = r.IndicatorsFrom, groundJSON(r.Ground)
	if len(r.Reach) > 0 {
		j.Reach = reachJSON(r.Reach)
	}
	if j.From == "" {
		j.From = FromModel
	}
	j.Method = jsonMethod{SampleM: jnum(r.Method.SampleM), MinShare: jnum(r.Method.MinShare), ThresholdDBm: optNum(r.Method.ThresholdDBm),
		Settlements: r.Method.Settlements, PopRaster: r.Method.PopulationRaster, PopYear: r.Method.PopulationYear, Capitals: []jsonCapital{}}
	for _, c := range r.Method.Capitals {
		j.Method.Capitals = append(j.Method.Capitals, jsonCapital{c.Kecamatan, c.Village, c.Signal, c.Has4G})
	}
	cost := func(v float64) *jnum {
		if r.Costs == nil {
			return nil
		}
		c := jnum(v)
		return &c
	}
	if c := r.Costs; c != nil {
		row := func(k CostRow) jsonCostRow {
			return jsonCostRow{k.Kecamatan, k.PriorityVillages, jnum(k.PriorityCost), k.ProposedSites, jnum(k.ProposedCost)}
		}
		j.Costs = &jsonCosts{Currency: c.Currency, MacroBTS: jnum(c.MacroBTS), SmallCell: jnum(c.SmallCell), VSAT: jnum(c.VSAT),
			Funding: c.Funding, ByKecamatan: []jsonCostRow{}, Total: row(c.Total())}
		for _, k := range c.ByKecamatan {
			j.Costs.ByKecamatan = append(j.Costs.ByKecamatan, row(k))
		}
	}
	for i := range r.Indicators {
		s := &r.Indicators[i]
		ji := jsonIndicator{Key: s.Key, Name: l.indicatorName(s.Key), Unit: s.Unit,
			HigherIsBetter: s.HigherIsBetter, Values: []jsonValue{}}
		if s.Total > 0 {
			t := jnum(s.Total)
			ji.Total = &t
		}
		for _, v := range s.Values {
			jv := jsonValue{Year: v.Year, Value: jnum(v.Value), Target: optNum(v.Target), TargetShare: optNum(v.TargetShare), Met: v.Met,
				Source: FromModel, Survey: optNum(v.Survey)}
			if v.FromSurvey {
				jv.Source = FromSurvey
			}
			if s.Total > 0 && s.Unit != "share" {
				sh := jnum(v.Value / s.Total)
				jv.Share = &sh
			}
			ji.Values = append(ji.Values, jv)
		}
		j.Indicators = append(j.Indicators, ji)
	}
	kec := func(k KecamatanRow) jsonKecamatan {
		return jsonKecamatan{k.Kecamatan, k.Villages, k.VillagesCovered,
			k.BlankSpots, k.Offices, k.OfficesCovered, jnum(k.Population), jnum(k.PopulationCovered),
			jnum(k.MeanTravelTimeMin), k.NoLandAccess, k.TopVillage}
	}
	for _, k := range r.Kecamatan {
		j.Kecamatan = append(j.Kecamatan, kec(k))
	}
	if r.KecamatanTotal != nil {
		t := kec(*r.KecamatanTotal)
		j.KecTotal = &t
	}
	for _, p := range r.Priorities {
		jp := jsonPriority{Rank: p.Rank, ID: p.ID, Name: p.Name, Kecamatan: p.Kecamatan,
			Score: jnum(p.Score), Parts: []jsonReason{}, Reasons: l.reasons(p.Parts),
			Intervention: p.Intervention, InterventionLabel: l.interventionName(p.Intervention), Cost: cost(p.Cost)}
		for _, part := range p.Parts {
			jp.Parts = append(jp.Parts, jsonReason{part.Factor, jnum(part.Value)})
		}
		j.Priorities = append(j.Priorities, jp)
	}
	j.NoLand = []jsonRiver{}
	for _, v := range r.NoLandAccess {
		j.NoLand = append(j.NoLand, jsonRiver{v.Name, v.Kecamatan, v.Signal, jnum(v.TravelTimeMin), v.Option})
	}
	if b := r.PlanBase; b != nil {
		j.PlanBase = &jsonPlanBase{jnum(b.PopulationWithSignal), jnum(b.ShareWithSignal),
			b.VillagesWithSignal, b.OfficesWithSignal, b.EconomicWithSignal}
	}
	for _, p := range r.Proposed {
		j.Proposed = append(j.Proposed, jsonProposed{Rank: p.Rank, Village: p.Village, Kecamatan: p.Kecamatan,
			Lon: jnum(p.Lon), Lat: jnum(p.Lat), Stage: p.Stage, GainPopulation: jnum(p.GainPopulation),
			PopulationWithSignal: jnum(p.PopulationWithSignal), ShareWithSignal: jnum(p.ShareWithSignal),
			VillagesWithSignal: p.VillagesWithSignal, OfficesWithSignal: p.OfficesWithSignal,
			EconomicWithSignal: p.EconomicWithSignal, NewlyCovered: nonNil(p.Villages), Cost: cost(p.Cost)})
	}
	for _, v := range r.Map.Villages {
		j.Map.Villages = append(j.Map.Villages, jsonMapVillage{v.Name, v.Status, v.NoLandAccess})
	}
	for _, in := range r.Inputs {
		j.Inputs = append(j.Inputs, jsonInput{in.Role, in.Path, in.Format, in.Features, in.SHA256})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(j); err != nil {
		return fmt.Errorf("report: writing json: %w", err)
	}
	_, err = w.Write(b.Bytes())
	return err
}
