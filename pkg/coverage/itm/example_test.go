package itm_test

import (
	"fmt"

	"github.com/kukarcli/kukarcli/pkg/coverage/itm"
)

func ExampleP2P() {
	// 10 km over a 120 m ridge half-way, 100 m samples.
	z := make([]float64, 101)
	for i := range z {
		z[i] = 15
	}
	z[50] = 120
	p := itm.DefaultsEquatorialKalimantan()
	res, err := itm.P2P(z, 100, p)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("loss %.1f dB, free space %.1f dB, mode %v, obstructed %v\n",
		res.LossDB, res.Intermediate.FreeSpaceLossDB, res.Mode, res.Intermediate.ProfileObstructed)
	// Output: loss 147.0 dB, free space 111.5 dB, mode los, obstructed true
}

func ExampleDeygoutLossDB() {
	z := make([]float64, 101)
	z[50] = 30 // one 30 m edge mid-way on a 10 km path
	loss, err := itm.DeygoutLossDB(z, 100, 10, 10, 1000, 4.0/3.0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.2f dB\n", loss)
	// Output: 14.61 dB
}
