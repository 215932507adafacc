// The Go UDF of rpc RunPrimeSieve: the largest prime below prime_count.
package main

import (
	samplev1 "example.com/roma-sample/gen"
	"example.com/roma-sample/udf/go/primes"
)

func main() {
	samplev1.ServeRunPrimeSieve(func(req *samplev1.RunPrimeSieveRequest) (*samplev1.RunPrimeSieveResponse, error) {
		found := primes.Below(req.GetPrimeCount())
		resp := &samplev1.RunPrimeSieveResponse{}
		if len(found) > 0 {
			resp.LargestPrime = found[len(found)-1]
		}
		return resp, nil
	})
}
