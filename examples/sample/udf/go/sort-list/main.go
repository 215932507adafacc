// The Go UDF of rpc SortList: generates count numbers from seed, sorts them, answers them.
package main

import (
	"errors"
	"slices"

	samplev1 "example.com/roma-sample/gen"
)

const maxCount = 1000000

func main() {
	samplev1.ServeSortList(func(req *samplev1.SortListRequest) (*samplev1.SortListResponse, error) {
		if req.GetCount() > maxCount {
			return nil, errors.New("count is over 1000000")
		}
		numbers := make([]uint32, req.GetCount())
		x := req.GetSeed()
		for i := range numbers {
			x = x*1664525 + 1013904223 // Numerical Recipes' LCG; wraps mod 2^32.
			numbers[i] = x
		}
		slices.Sort(numbers)
		return &samplev1.SortListResponse{Numbers: numbers}, nil
	})
}
