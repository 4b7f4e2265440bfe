package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Languages the RPJMD report is written in. Indonesian is the default
// because the RPJMD itself and its readers (Bappeda, Diskominfo, DPRD)
// work in Bahasa Indonesia.
const (
	LangID = "id"
	LangEN = "en"
)

// locale holds what differs between the report languages: the message
// catalogue column and the number separators.
type locale struct {
	lang      string
	thousands string
	decimal   string
}

func newLocale(lang string) (locale, error) {
	switch lang {
	case "", LangID:
		return locale{lang: LangID, thousands: ".", decimal: ","}, nil
	case LangEN:
		return locale{lang: LangEN, thousands: ",", decimal: "."}, nil
	}
	return locale{}, fmt.Errorf("report: unknown language %q (want %q or %q)", lang, LangID, LangEN)
}

// msg is one catalogue entry in both languages.
type msg struct{ id, en string }

// catalogue holds every label and sentence of the RPJMD report. Indicator
// names follow the wording of the Kukar RPJMD 2021–2026 indicators
// ("Desa/kelurahan yang terjangkau sinyal", ...). Entries with %s take
// already formatted values.
var catalogue = map[string]msg{
	// indicators
	"ind.villages_with_signal":         {"Desa/kelurahan yang terjangkau sinyal", "Villages with signal"},
	"ind.offices_with_signal":          {"Kantor desa/kelurahan yang terjangkau sinyal", "Village offices with signal"},
	"ind.villages_with_4g":             {"Desa/kelurahan dengan sinyal 4G", "Villages with 4G"},
	"ind.economic_centres_with_signal": {"Pusat pelayanan ekonomi yang terjangkau sinyal", "Economic service centres with signal"},
	"ind.kecamatan_capitals_with_4g":   {"Ibu kota kecamatan dengan sinyal 4G", "Kecamatan capitals with 4G"},
	"ind.settlements_with_signal":      {"Permukiman yang terjangkau sinyal", "Settlements with signal"},
	"ind.population_covered":           {"Penduduk yang terjangkau sinyal", "Population with signal"},
	"ind.blank_spot_villages":          {"Desa/kelurahan blank spot", "Blank-spot villages"},
	"ind.road_length_covered_km":       {"Panjang jalan yang terjangkau sinyal", "Road length with signal"},

	// interventions
	"int.macro_bts":  {"BTS makro", "macro BTS"},
	"int.small_cell": {"small cell", "small cell"},
	"int.vsat":       {"VSAT / akses satelit", "VSAT / satellite access"},
	"int.none":       {"tidak perlu", "not needed"},

	// village status on the map
	"status.covered":        {"terjangkau sinyal", "covered"},
	"status.blank_spot":     {"blank spot", "blank spot"},
	"status.no_land_access": {"tanpa akses darat", "no land access"},
	"status.other":          {"lainnya", "other"},

	// reasons; %s is a formatted number
	"why.uncovered_population":    {"%s penduduk tanpa sinyal", "%s people without signal"},
	"why.uncovered_share":         {"%s penduduk tanpa sinyal", "%s of people without signal"},
	"why.office_without_signal":   {"kantor desa/kelurahan tanpa sinyal", "village office without signal"},
	"why.economic_without_signal": {"pusat pelayanan ekonomi tanpa sinyal", "economic service centre without signal"},
	"why.remoteness":              {"waktu tempuh %s", "travel time %s"},
	"why.remoteness_unknown":      {"waktu tempuh tidak diketahui", "travel time unknown"},
	"why.no_land_access":          {"tanpa akses darat", "no land access"},
	"why.distance_to_site":        {"%s ke menara terdekat", "%s to the nearest site"},
	"why.gain_per_site":           {"%s penduduk per menara baru", "%s people per new site"},
	"why.covered":                 {"%s sudah terjangkau", "%s already covered"},
	"why.no_signal":               {"tanpa sinyal", "no signal"},
	"why.unreachable":             {"tidak ada rute ke ibu kota kecamatan", "no route to the kecamatan capital"},

	// units inside sentences
	"unit.hour": {"jam", "h"},
	"unit.min":  {"menit", "min"},

	// sections
	"sec.notes":      {"Catatan", "Notes"},
	"sec.summary":    {"Ringkasan tahun %s", "Summary for %s"},
	"sec.indicators": {"Indikator per tahun", "Indicators by year"},
	"sec.charts":     {"Grafik indikator", "Indicator charts"},
	"sec.map":        {"Peta status sinyal desa tahun %s", "Village signal status map, %s"},
	"sec.kecamatan":  {"Capaian per kecamatan tahun %s", "Progress by kecamatan, %s"},
	"sec.priorities": {"Desa prioritas tahun %s", "Priority villages, %s"},
	"sec.proposed":   {"Usulan lokasi menara baru tahun %s", "Proposed new tower sites, %s"},
	"sec.inputs":     {"Data yang digunakan", "Data used"},

	// written summary; %s are formatted values
	"sum.lead":             {"Pada tahun %s:", "In %s:"},
	"sum.indicator":        {"%s %s, %s", "%s %s, %s"},
	"sum.met":              {"target %s tercapai", "target %s met"},
	"sum.missed":           {"target %s belum tercapai", "target %s not yet met"},
	"sum.no_blank":         {"Tidak ada lagi desa/kelurahan blank spot.", "No village is a blank spot any more."},
	"sum.blank":            {"%s desa/kelurahan masih blank spot: %s.", "%s villages are still blank spots: %s."},
	"sum.blank_many":       {"%s desa/kelurahan masih blank spot.", "%s villages are still blank spots."},
	"sum.priorities":       {"%s desa/kelurahan perlu ditangani; prioritas pertama: %s.", "%s villages need action; the first priority is %s."},
	"sum.plan":             {"%s usulan menara baru menambah %s penduduk terjangkau sinyal, menjadi %s (%s).", "%s proposed new towers would bring signal to %s more people, %s in all (%s)."},
	"sum.plan_villages":    {"Dengan itu %s desa/kelurahan lagi terjangkau sinyal.", "With them %s more villages would have signal."},
	"sum.plan_no_villages": {"Menara itu belum membuat desa/kelurahan blank spot terjangkau menurut definisi laporan ini.", "These towers do not yet give any blank-spot village signal by this report's definition."},
	"sum.costs":            {"Perkiraan biaya: %s untuk desa prioritas dan %s untuk usulan menara.", "Estimated cost: %s for the priority villages and %s for the proposed towers."},
	"word.and":             {"dan", "and"},

	// definitions
	"sec.definitions":     {"Definisi dan metode", "Definitions and method"},
	"def.model":           {"Cakupan sinyal dihitung dengan model %s dari data menara.", "Signal coverage is computed with the %s model from the tower data."},
	"def.village":         {"Desa/kelurahan terjangkau sinyal: sekurang-kurangnya %s titik sampel di dalam batas desa/kelurahan (kisi %s m) menerima sinyal.", "A village has signal when at least %s of the sample points inside its boundary (a %s m grid) receive a signal."},
	"def.threshold":       {"Ambang daya terima: %s dBm.", "Received-power threshold: %s dBm."},
	"def.point":           {"Kantor desa/kelurahan, pusat pelayanan ekonomi dan ibu kota kecamatan terjangkau bila titiknya menerima sinyal.", "A village office, economic service centre or kecamatan capital has signal when its point receives one."},
	"def.pop_area":        {"Penduduk terjangkau: penduduk tiap desa/kelurahan dianggap tersebar merata di wilayahnya, dikalikan bagian titik sampel yang menerima sinyal.", "Population with signal: each village's people are taken as spread evenly over its area, times the share of its sample points with signal."},
	"def.pop_raster":      {"Penduduk dari grid penduduk %s (tahun %s): penduduk tiap desa/kelurahan adalah jumlah sel grid di dalamnya (sel di tepi dibobot menurut bagian luasnya di dalam); penduduk terjangkau dihitung di tempat penduduk tinggal, per sel %s m.", "Population from the population grid %s (year %s): each village's people are the sum of the grid's cells inside it (edge cells weighted by the share of their area inside); people with signal are judged where they live, in %s m cells."},
	"def.pop_settlements": {"Penduduk terjangkau: dibobot menurut titik permukiman di dalam desa/kelurahan.", "Population with signal: weighted by the settlement points inside each village."},
	"def.blank":           {"Desa/kelurahan blank spot: desa/kelurahan yang tidak terjangkau sinyal menurut definisi di atas.", "Blank-spot village: a village without signal by the definition above."},
	"def.4g":              {"Sinyal 4G: terjangkau oleh menara 4G saja, dengan aturan yang sama.", "4G: covered by 4G sites alone, by the same rule."},
	"def.projected":       {"Data sampai tahun %s adalah capaian; tahun sesudahnya proyeksi dari rencana menara.", "Figures up to %s are actual; later years are projections from the planned towers."},
	"def.plan":            {"Usulan menara: menara 4G di titik di dalam desa/kelurahan, dipilih pertama untuk desa/kelurahan blank spot, lalu untuk penduduk terbanyak; angka tiap baris adalah indikator bila menara itu dan menara di atasnya dibangun.", "Proposed towers: 4G sites at a point inside a village, chosen first for the blank-spot villages, then for the most people; each row gives the indicators with that tower and those above it built."},
	"sec.capitals":        {"Ibu kota kecamatan", "Kecamatan capitals"},
	"col.capital_village": {"Desa/kelurahan ibu kota", "Capital village"},
	"col.signal":          {"Sinyal", "Signal"},
	"col.4g":              {"4G", "4G"},
	"val.yes":             {"ya", "yes"},
	"val.no":              {"tidak", "no"},
	"val.projected":       {"%s (proyeksi)", "%s (projected)"},

	// villages without land access
	"sec.river":  {"Desa/kelurahan tanpa akses darat tahun %s", "Villages without land access, %s"},
	"col.option": {"Pilihan konektivitas", "Connectivity option"},
	"opt.signal": {"sudah terjangkau sinyal seluler", "already has mobile signal"},

	// costs
	"sec.costs":             {"Perkiraan biaya tahun %s", "Estimated costs, %s"},
	"col.cost_priorities_n": {"Desa prioritas", "Priority villages"},
	"col.cost_priorities":   {"Biaya desa prioritas", "Cost of priority villages"},
	"col.cost_proposed_n":   {"Usulan menara", "Proposed towers"},
	"col.cost_proposed":     {"Biaya usulan menara", "Cost of proposed towers"},
	"col.cost_total":        {"Jumlah biaya", "Total cost"},
	"col.cost":              {"Biaya", "Cost"},
	"cost.units":            {"Biaya satuan: BTS makro %s, small cell %s, VSAT %s; usulan menara dihitung sebagai BTS makro.", "Unit costs: macro BTS %s, small cell %s, VSAT %s; proposed towers are costed as macro BTS."},
	"cost.funding":          {"Sumber pendanaan: %s.", "Funding: %s."},
	"meta.kicker":           {"Laporan Capaian", "Progress Report"},
	"meta.publisher":        {"Diterbitkan oleh", "Published by"},
	"meta.date":             {"Tanggal", "Date"},
	"col.source":            {"Sumber", "Source"},
	"col.date":              {"Tanggal data", "Data date"},

	// header lines
	"meta.region": {"Wilayah", "Region"},
	"meta.years":  {"Periode", "Period"},
	"meta.model":  {"Model cakupan", "Coverage model"},
	"meta.stamp":  {"Dibuat", "Generated"},
	"meta.footer": {"Dibuat dengan kukarcli.", "Made with kukarcli."},

	// indicator tables
	"col.indicator":   {"Indikator", "Indicator"},
	"col.year":        {"Tahun", "Year"},
	"col.value":       {"Capaian", "Value"},
	"col.target":      {"Target", "Target"},
	"col.status":      {"Status", "Status"},
	"col.first":       {"Kondisi awal (%s)", "Baseline (%s)"},
	"val.met":         {"✓ tercapai", "✓ met"},
	"val.missed":      {"✗ belum tercapai", "✗ missed"},
	"val.target":      {"target %s", "target %s"},
	"val.none":        {"–", "–"},
	"val.no_data":     {"Tidak ada data.", "No data."},
	"val.from_survey": {"(survei)", "(survey)"},
	"val.survey":      {"survei: %s", "survey: %s"},

	// the model against field surveys
	"sec.ground":          {"Model dibandingkan survei lapangan", "Model against the field survey"},
	"sec.ground_year":     {"Survei tahun %s", "Survey of %s"},
	"sec.ground_disagree": {"Desa/kelurahan yang berbeda antara model dan survei tahun %s", "Villages where model and survey differ, %s"},
	"ground.intro": {"Status sinyal setiap desa/kelurahan menurut model dibandingkan dengan hasil survei lapangan. Akurasi: bagian desa yang statusnya sama; presisi: bagian desa bersinyal menurut model yang juga bersinyal menurut survei; recall: bagian desa bersinyal menurut survei yang juga bersinyal menurut model; kappa Cohen: kesesuaian di luar kebetulan (1 sempurna, 0 setara kebetulan).",
		"Each village's signal status by the model compared with the field survey. Accuracy: the share of villages with the same status; precision: the share of the model's villages with signal that the survey also found with signal; recall: the share of the survey's villages with signal that the model also gives signal; Cohen's kappa: agreement beyond chance (1 perfect, 0 no better than chance)."},
	"ground.line":               {"Survei %s (%s): model dan survei sama untuk %s dari %s desa/kelurahan (%s), kappa %s.", "Survey of %s (%s): model and survey agree on %s of %s villages (%s), kappa %s."},
	"ground.unmatched":          {"%s dari %s baris survei tidak cocok dengan desa/kelurahan mana pun dan tidak dipakai.", "%s of the survey's %s rows match no village and are not used."},
	"ground.not_surveyed":       {"%s desa/kelurahan tidak disurvei.", "%s villages were not surveyed."},
	"ground.not_surveyed_model": {"Untuk desa itu indikator memakai status menurut model.", "For them the indicators use the model's status."},
	"ground.from_survey":        {"Indikator desa/kelurahan bersinyal dan blank spot tahun %s berasal dari survei (ditandai \"survei\"); indikator lain dari model.", "The villages-with-signal and blank-spot indicators of %s come from the survey (marked \"survey\"); the others from the model."},
	"ground.from_both":          {"Indikator desa/kelurahan bersinyal dan blank spot tahun %s menampilkan nilai model dan, di sampingnya, nilai survei.", "The villages-with-signal and blank-spot indicators of %s show the model's value with the survey's beside it."},
	"sum.ground":                {"Dibandingkan survei lapangan tahun %s, model sesuai untuk %s dari %s desa/kelurahan (kappa %s).", "Against the %s field survey the model agrees on %s of %s villages (kappa %s)."},
	"col.survey_model":          {"Survei / model", "Survey / model"},
	"col.model_signal":          {"Model: bersinyal", "Model: signal"},
	"col.model_none":            {"Model: tanpa sinyal", "Model: no signal"},
	"col.survey_signal":         {"Survei: bersinyal", "Survey: signal"},
	"col.survey_none":           {"Survei: tanpa sinyal", "Survey: no signal"},
	"col.survey":                {"Survei", "Survey"},
	"col.model":                 {"Model", "Model"},
	"col.compared":              {"Desa dibandingkan", "Villages compared"},
	"col.accuracy":              {"Akurasi", "Accuracy"},
	"col.precision":             {"Presisi", "Precision"},
	"col.recall":                {"Recall", "Recall"},
	"col.kappa":                 {"Kappa", "Kappa"},
	"col.nearest_site":          {"Menara terdekat", "Nearest site"},

	// travel-time reach
	"sec.reach":          {"Penduduk dalam jangkauan waktu tempuh", "People within reach"},
	"reach.note":         {"Waktu tempuh dari setiap sel %s m ke ibu kota kecamatan terdekat melalui jalan, sungai dan daratan di antaranya (berjalan kaki, menurut tutupan lahan dan kemiringan bila ada). Baris kecamatan adalah wilayah yang paling cepat mencapai ibu kota kecamatan itu.", "Travel time from every %s m cell to the nearest kecamatan capital over roads, rivers and the land between (on foot, by land cover and slope where given). A kecamatan's row is the area that reaches its capital fastest."},
	"col.reach_pop":      {"Penduduk ≤ %s menit", "People ≤ %s min"},
	"col.reach_villages": {"Desa ≤ %s menit", "Villages ≤ %s min"},

	// kecamatan table
	"col.kecamatan":          {"Kecamatan", "Kecamatan"},
	"col.villages":           {"Desa/kelurahan", "Villages"},
	"col.villages_covered":   {"Desa/kelurahan terjangkau", "Villages with signal"},
	"col.blank_spots":        {"Blank spot", "Blank spots"},
	"col.offices":            {"Kantor desa/kelurahan", "Village offices"},
	"col.offices_covered":    {"Kantor terjangkau", "Offices with signal"},
	"col.population":         {"Penduduk", "Population"},
	"col.population_covered": {"Penduduk terjangkau", "Population covered"},
	"col.travel_time":        {"Rata-rata waktu tempuh ke ibu kota kecamatan", "Mean travel time to the kecamatan capital"},
	"col.no_land_access":     {"Tanpa akses darat", "No land access"},
	"col.of_which_no_land":   {"di antaranya tanpa akses darat", "of which without land access"},
	"col.top_village":        {"Desa prioritas utama", "Top priority village"},
	"val.total":              {"Jumlah", "Total"},

	// priorities
	"col.rank":         {"No.", "Rank"},
	"col.village":      {"Desa", "Village"},
	"col.id":           {"Kode", "ID"},
	"col.score":        {"Skor", "Score"},
	"col.reasons":      {"Alasan", "Reasons"},
	"col.intervention": {"Intervensi", "Intervention"},

	// proposed sites
	"col.lon":              {"Bujur", "Longitude"},
	"col.lat":              {"Lintang", "Latitude"},
	"col.gain":             {"Penduduk yang baru terlayani", "People newly served"},
	"col.pop_with_signal":  {"Penduduk terjangkau sinyal", "Population with signal"},
	"col.vill_with_signal": {"Desa/kelurahan terjangkau", "Villages with signal"},
	"col.off_with_signal":  {"Kantor desa/kelurahan terjangkau", "Village offices with signal"},
	"col.newly_covered":    {"Desa yang baru terjangkau", "Villages newly with signal"},
	"col.stage":            {"Tujuan", "Aim"},
	"val.plan_base":        {"Kondisi %s (menara eksisting)", "%s with existing towers"},
	"stage.blank_spots":    {"menutup blank spot", "close blank spots"},
	"stage.population":     {"penduduk terbanyak", "most people"},

	// inputs; role.* name the scenario's layers
	"role.villages":         {"desa/kelurahan", "villages"},
	"role.sites":            {"menara", "towers"},
	"role.offices":          {"kantor desa/kelurahan", "village offices"},
	"role.economic_centres": {"pusat pelayanan ekonomi", "economic service centres"},
	"role.settlements":      {"permukiman", "settlements"},
	"role.roads":            {"jalan", "roads"},
	"role.rivers":           {"sungai", "rivers"},
	"role.facilities":       {"ibu kota kecamatan", "kecamatan capitals"},
	"role.villages join":    {"tabel digabung ke desa/kelurahan", "table joined to the villages"},
	"role.survey":           {"survei sinyal %s", "signal survey %s"},
	"col.role":              {"Peran", "Role"},
	"col.path":              {"Berkas", "File"},
	"col.format":            {"Format", "Format"},
	"col.features":          {"Fitur", "Features"},
	"col.sha256":            {"SHA-256", "SHA-256"},

	// map and charts
	"map.sites":        {"menara eksisting", "existing towers"},
	"map.proposed":     {"usulan menara", "proposed sites"},
	"map.rivers":       {"sungai", "rivers"},
	"map.reach":        {"jangkauan waktu tempuh", "travel-time reach"},
	"map.within":       {"≤ %s menit ke ibu kota kecamatan", "≤ %s min to a kecamatan capital"},
	"map.empty":        {"Tidak ada data peta.", "No map data."},
	"map.site":         {"Menara eksisting", "Existing tower"},
	"map.proposed_one": {"Usulan menara", "Proposed site"},
	"map.hatch":        {"arsiran: tanpa akses darat", "hatching: no land access"},
	"map.layers":       {"Lapisan", "Layers"},
	"map.zoom_in":      {"Perbesar", "Zoom in"},
	"map.zoom_out":     {"Perkecil", "Zoom out"},
	"map.reset":        {"Tampilan awal", "Reset view"},
	"map.help":         {"Gulir atau cubit untuk memperbesar, seret untuk menggeser; arahkan, ketuk atau tekan Tab lalu Enter pada desa untuk rinciannya; klik desa untuk menandai barisnya di tabel.", "Scroll or pinch to zoom, drag to pan; hover, tap or Tab to a village and press Enter for its details; click a village to mark its rows in the tables."},
	"map.desc":         {"Peta desa/kelurahan menurut status sinyal, menara eksisting, usulan menara dan sungai.", "Map of the villages by signal status, the existing towers, the proposed sites and the rivers."},
	"tip.travel":       {"Waktu tempuh ke ibu kota kecamatan", "Travel time to the kecamatan capital"},
	"tip.priority":     {"Peringkat prioritas", "Priority rank"},
	"tip.position":     {"Lintang; bujur", "Latitude; longitude"},
	"tbl.filter":       {"Saring baris", "Filter rows"},
	"tbl.rows":         {"baris", "rows"},
	"tbl.sort":         {"Klik judul kolom untuk mengurutkan.", "Click a column heading to sort."},
	"map.caption":      {"Proyeksi ekuirektangular sederhana; utara di atas.", "Simple equirectangular projection; north is up."},
	"chart.value":      {"capaian tanpa target", "value without target"},
	"axis.count":       {"jumlah", "number"},
	"axis.people":      {"jiwa", "people"},
	"axis.km":          {"km", "km"},
	"axis.share":       {"%", "%"},
	"chart.target":     {"target (garis putus-putus)", "target (dashed line)"},
	"chart.met":        {"tercapai", "met"},
	"chart.missed":     {"belum tercapai", "missed"},
}

// t returns the catalogue text for key in the locale's language; an
// unknown key comes back as itself so a gap shows instead of vanishing.
func (l locale) t(key string) string {
	m, ok := catalogue[key]
	if !ok {
		return key
	}
	if l.lang == LangEN {
		return m.en
	}
	return m.id
}

// tf formats a catalogue entry that takes values.
func (l locale) tf(key string, args ...any) string {
	return fmt.Sprintf(l.t(key), args...)
}

// has says whether the catalogue knows key.
func (l locale) has(key string) bool {
	_, ok := catalogue[key]
	return ok
}

// num formats v with a fixed number of decimals and the locale's
// separators: 1.234,5 in Indonesian, 1,234.5 in English. NaN is "–" and
// infinities "∞" so a missing value never looks like a number.
func (l locale) num(v float64, decimals int) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "-∞"
	}
	// Halves round away from zero, as readers of a printed table expect
	// (strconv alone would round 120.25 to 120.2).
	if p := math.Pow10(decimals); math.Abs(v*p) < 1<<52 {
		v = math.Round(v*p) / p
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg && strings.Trim(intPart+frac, "0") != "" {
		b.WriteByte('-')
	}
	for i := range len(intPart) {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(l.thousands)
		}
		b.WriteByte(intPart[i])
	}
	if frac != "" {
		b.WriteString(l.decimal)
		b.WriteString(frac)
	}
	return b.String()
}

// int formats a whole number with thousands separators.
func (l locale) int(v int) string { return l.num(float64(v), 0) }

// pct formats a share (0..1) as a percentage with one decimal: "92,0 %".
func (l locale) pct(share float64) string {
	if math.IsNaN(share) || math.IsInf(share, 0) {
		return l.num(share, 1)
	}
	return l.num(share*100, 1) + " %"
}

// pctTarget writes a target share with as many decimals as it has, up
// to two: "92 %", "97,5 %".
func (l locale) pctTarget(share float64) string {
	v := share * 100
	for d := 0; d < 2; d++ {
		if math.Abs(v-math.Round(v*math.Pow(10, float64(d)))/math.Pow(10, float64(d))) < 1e-9 {
			return l.num(v, d) + " %"
		}
	}
	return l.num(v, 2) + " %"
}

// duration formats seconds as "2 jam 15 menit" / "2 h 15 min", rounded to
// the minute.
func (l locale) duration(sec float64) string {
	if math.IsNaN(sec) || math.IsInf(sec, 0) || sec < 0 {
		return "–"
	}
	m := int(math.Round(sec / 60))
	if m < 60 {
		return l.int(m) + " " + l.t("unit.min")
	}
	h, m := m/60, m%60
	if m == 0 {
		return l.int(h) + " " + l.t("unit.hour")
	}
	return l.int(h) + " " + l.t("unit.hour") + " " + strconv.Itoa(m) + " " + l.t("unit.min")
}

// distance formats metres as "850 m" below a kilometre, else "12,3 km".
func (l locale) distance(m float64) string {
	if math.IsNaN(m) || math.IsInf(m, 0) {
		return "–"
	}
	if math.Abs(m) < 1000 {
		return l.num(m, 0) + " m"
	}
	return l.num(m/1000, 1) + " km"
}

var monthsID = [12]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni",
	"Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// FormatDate writes a date the way the report's language does, for the
// caller to put in Report.Stamp: "5 Maret 2026" (id), "5 March 2026" (en).
// An unknown language falls back to Indonesian.
func FormatDate(lang string, t time.Time) string {
	if lang == LangEN {
		return fmt.Sprintf("%d %s %d", t.Day(), t.Month().String(), t.Year())
	}
	return fmt.Sprintf("%d %s %d", t.Day(), monthsID[t.Month()-1], t.Year())
}

// FormatNumber formats v with the given decimals for lang ("id" or "en";
// anything else is treated as "id"): 1.234,5 or 1,234.5.
func FormatNumber(lang string, v float64, decimals int) string {
	l, err := newLocale(lang)
	if err != nil {
		l, _ = newLocale(LangID)
	}
	return l.num(v, decimals)
}

// foreignTerms are the English terms an Indonesian report uses as they
// are; Indonesian style sets them in italics.
var foreignTerms = []string{"blank spot", "small cell"}

// foreign sets the foreign terms of an already escaped Indonesian text
// between open and close (italics); English text is left alone.
func (l locale) foreign(s, open, close string) string {
	if l.lang != LangID {
		return s
	}
	for _, t := range foreignTerms {
		for _, v := range []string{t, strings.ToUpper(t[:1]) + t[1:]} {
			s = strings.ReplaceAll(s, v, open+v+close)
		}
	}
	return s
}
