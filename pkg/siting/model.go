package siting

import (
	"fmt"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/paulmach/orb"
)

// link is the new-site template that every candidate shares (only the
// position differs) with the coverage parameters it is judged under.
type link struct {
	tmpl   coverage.Site
	params coverage.Params
	// covers is false when the template covers not even its own place
	// (a zero radius, a threshold above what it radiates): then it covers
	// nothing anywhere.
	covers bool
}

// newLink prepares the template site. It validates the site and the
// parameters by running coverage.Evaluate on the template alone, so the
// rules (and the messages) are coverage's; the clamping warnings it
// returns are the ones that apply to every candidate.
func newLink(tmpl coverage.Site, at orb.Point, p coverage.Params) (link, []coverage.Warning, error) {
	tmpl.Pos = at
	if tmpl.ID == "" {
		tmpl.ID = "new-site"
	}
	vp := p
	vp.Workers = 1
	res, sum, err := coverage.Evaluate([]coverage.Site{tmpl}, []coverage.Target{{Geometry: at}}, nil, vp)
	if err != nil {
		return link{}, nil, fmt.Errorf("siting: new-site template: %w", err)
	}
	var warns []coverage.Warning
	for _, w := range sum.Warnings {
		switch w.Kind {
		case coverage.WarnFreqClamped, coverage.WarnTxHeight, coverage.WarnRxHeight,
			coverage.WarnReachCapped, coverage.WarnZeroRadius:
			warns = append(warns, w)
		}
	}
	// Loss does not fall with distance, so a template that does not cover
	// its own place covers nothing. Where the terrain there cannot be read
	// the question stays open, and the sets will say.
	covers := res[0].Covered || res[0].Problem != ""
	return link{tmpl: tmpl, params: p, covers: covers}, warns, nil
}

// minShare is the zone rule's share, coverage's default when unset.
func minShare(p coverage.Params) float64 {
	if p.MinShare == 0 {
		return coverage.DefaultMinShare
	}
	return p.MinShare
}
