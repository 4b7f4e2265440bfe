package scenario

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// SurveyRow is one village's surveyed status: signal or not, for one
// technology and operator when the survey says (empty: any).
type SurveyRow struct {
	Row      int // record in the survey file
	Village  int // index in the villages
	Signal   bool
	Tech     coverage.Tech
	Operator string
}

// Measurement is one measured received power at a point.
type Measurement struct {
	Row      int
	Pos      orb.Point
	DBm      float64
	Tech     coverage.Tech
	Operator string
	Site     string // the serving site or cell, when the file says
}

// surveyColumns are the names the survey's columns go by.
var surveyColumns = map[string][]string{
	"status":   {"status", "sinyal", "signal", "status_sinyal", "ada_sinyal", "kondisi_sinyal", "kondisi", "coverage", "covered", "blank_spot", "bars", "bar"},
	"dbm":      {"dbm", "rsrp", "rssi", "rscp", "signal_dbm", "level_dbm", "averagesignal"},
	"tech":     {"tech", "teknologi", "technology", "jaringan", "network", "radio"},
	"operator": {"operator", "provider", "op"},
	"site":     {"site", "site_id", "cell", "cell_id", "bts", "best_site"},
}

func findColumn(fields []string, role, given string) string {
	if given != "" {
		for _, f := range fields {
			if strings.EqualFold(f, given) {
				return f
			}
		}
		return ""
	}
	for _, want := range surveyColumns[role] {
		for _, f := range fields {
			if strings.EqualFold(f, want) {
				return f
			}
		}
	}
	return ""
}

// ParseSignalStatus reads a surveyed status in the words people use:
// ada, ya, yes, 1, kuat, strong, lemah and weak (there is signal, if
// weak) for signal; tidak ada, tidak, no, 0, none, kosong, blank spot for
// none; signal bars 0–4. ok is false for anything else.
func ParseSignalStatus(s string) (signal, ok bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.Join(strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == '_' || r == '-' }), " ")
	switch t {
	case "ada", "ada sinyal", "ya", "y", "yes", "true", "1", "kuat", "strong", "baik", "good", "lemah", "weak", "bagus", "signal", "sinyal", "covered":
		return true, true
	case "tidak ada", "tidak ada sinyal", "tidak", "t", "no", "n", "false", "0", "none", "kosong", "blank spot", "blankspot", "blank", "no signal", "tanpa sinyal":
		return false, true
	}
	if n, err := strconv.Atoi(t); err == nil && n >= 0 && n <= 4 {
		return n > 0, true // signal bars
	}
	return false, false
}

// SurveyOptions name the survey's columns when their names are not the
// usual ones.
type SurveyOptions struct {
	StatusColumn string
	Join         JoinSpec // the file, and its code column
}

// ReadSurvey reads a village survey and matches its rows to the villages
// d by code, else by name within kecamatan (the join rules). Rows whose
// status is not understood, or that match no village, are reported and
// counted, never dropped silently.
func ReadSurvey(d *Layer, roles map[string]string, o SurveyOptions, stdin io.Reader, ro geoio.ReadOptions, log *Log) ([]SurveyRow, *JoinResult, error) {
	t, err := ReadLayer(o.Join.Path, stdin, tableReadOptions(ro, o.Join))
	if err != nil {
		return nil, nil, fmt.Errorf("--survey %s: %w", o.Join.Path, err)
	}
	status := findColumn(t.Fields, "status", o.StatusColumn)
	if status == "" {
		return nil, nil, Usagef("--survey %s: no status column found (%s); name it with --status-column", o.Join.Path, strings.Join(t.Fields, ", "))
	}
	tech, op := findColumn(t.Fields, "tech", ""), findColumn(t.Fields, "operator", "")
	res, err := MatchRows(d, roles, t, o.Join, true)
	if err != nil {
		return nil, nil, err
	}
	if err := res.ReportLeft(t.Path, log); err != nil {
		return nil, nil, err
	}
	var out []SurveyRow
	for _, m := range res.Matches {
		if m.Village < 0 {
			continue
		}
		p := t.Features[m.Row].Properties
		v := PropString(p, status)
		sig, ok := ParseSignalStatus(v)
		if !ok {
			if err := log.Handle(geoio.Problem{File: t.Path, Index: m.Row, Kind: "status not understood",
				Reason: fmt.Sprintf("%s %q is none of ada/tidak ada/lemah, yes/no, 1/0, strong/weak/none or signal bars 0–4", status, v)}); err != nil {
				return nil, nil, err
			}
			continue
		}
		r := SurveyRow{Row: m.Row, Village: m.Village, Signal: sig, Operator: PropString(p, op)}
		if s := PropString(p, tech); s != "" {
			tt, ok := TechOf(s)
			if !ok {
				if err := log.Handle(geoio.Problem{File: t.Path, Index: m.Row, Kind: "status not understood",
					Reason: fmt.Sprintf("unknown technology %q", s)}); err != nil {
					return nil, nil, err
				}
				continue
			}
			r.Tech = tt
		}
		out = append(out, r)
	}
	return out, res, nil
}

// ReadMeasurements reads point measurements of received power (drive
// tests, crowdsourced exports): a point and a dBm column, optionally the
// technology, operator and serving site. Rows without a usable dBm are
// reported and counted.
func ReadMeasurements(path, dbmColumn string, stdin io.Reader, ro geoio.ReadOptions, log *Log) ([]Measurement, error) {
	t, err := ReadLayer(path, stdin, ro)
	if err != nil {
		return nil, fmt.Errorf("--measurements %s: %w", path, err)
	}
	dbm := findColumn(t.Fields, "dbm", dbmColumn)
	if dbm == "" {
		return nil, Usagef("--measurements %s: no dBm column found (%s); name it with --dbm-column", path, strings.Join(t.Fields, ", "))
	}
	tech, op, site := findColumn(t.Fields, "tech", ""), findColumn(t.Fields, "operator", ""), findColumn(t.Fields, "site", "")
	var out []Measurement
	for i, f := range t.Features {
		pt, isPt := f.Geometry.(orb.Point)
		v, ok := PropFloat(f.Properties, dbm)
		reason := ""
		switch {
		case !isPt:
			reason = "a measurement needs a point"
		case !ok || math.IsNaN(v) || v > 0 || v < -200:
			reason = fmt.Sprintf("%s %q is not a received power in dBm", dbm, PropString(f.Properties, dbm))
		}
		if reason != "" {
			if err := log.Handle(geoio.Problem{File: t.Path, Index: i, ID: f.IDString(), Kind: geoio.ProblemBadRecord, Reason: reason}); err != nil {
				return nil, err
			}
			continue
		}
		m := Measurement{Row: i, Pos: pt, DBm: v, Operator: PropString(f.Properties, op), Site: PropString(f.Properties, site)}
		if s := PropString(f.Properties, tech); s != "" {
			if tt, ok := TechOf(s); ok {
				m.Tech = tt
			} else if tt, ok := coverage.TechFromRadio(s); ok {
				m.Tech = tt
			}
		}
		out = append(out, m)
	}
	return out, nil
}
