package access

import (
	"math"
	"testing"
)

func TestParseMaxspeed(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"60", 60, true},
		{" 60 km/h", 60, true},
		{"40kmh", 40, true},
		{"50 kph", 50, true},
		{"30 mph", 48.28032, true},
		{"10 knots", 18.52, true},
		{"7.5", 7.5, true},
		{"none", 0, false},
		{"signals", 0, false},
		{"walk", 0, false},
		{"ID:urban", 0, false},
		{"50;30", 0, false},
		{"0", 0, false},
		{"-20", 0, false},
		{"60 km", 0, false},
		{"", 0, false},
		{"999", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseMaxspeed(tt.in)
		if ok != tt.ok || math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("ParseMaxspeed(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseOSMDuration(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"45", 2700, true},
		{"90", 5400, true},
		{"01:30", 5400, true},
		{"1:05:30", 3930, true},
		{"00:00:20", 20, true},
		{"PT1H30M", 5400, true},
		{"pt45m", 2700, true},
		{"PT1.5H", 5400, true},
		{"P1DT2H", 93600, true},
		{"PT90S", 90, true},
		{"1:75", 0, false},
		{"1:2:3:4", 0, false},
		{"1h", 0, false},
		{"-5", 0, false},
		{"P1M", 0, false},
		{"PT", 0, false},
		{"PT1H30", 0, false},
		{"", 0, false},
		{"1::2", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseOSMDuration(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("ParseOSMDuration(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSpeedLookup(t *testing.T) {
	s := DefaultSpeeds()
	s["Jalan Poros"] = 45
	tests := []struct {
		class string
		want  float64
	}{
		{"primary", 50},
		{"Jalan Desa", 20},
		{"jalan_kabupaten", 30},
		{"TRACK", 15},
		{"jalan poros", 45},
		{"something else", 20}, // default
	}
	for _, tt := range tests {
		if got, ok := s.Lookup(tt.class); !ok || got != tt.want {
			t.Errorf("Lookup(%q) = %v, %v; want %v", tt.class, got, ok, tt.want)
		}
	}
	if _, ok := (SpeedTable{"primary": 50}).Lookup("track"); ok {
		t.Error("Lookup without default: want not ok")
	}
}
