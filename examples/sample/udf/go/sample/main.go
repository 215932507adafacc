// The Go UDF of rpc Sample: a hello world, or every prime below 100000.
package main

import (
	samplev1 "example.com/roma-sample/gen"
	"example.com/roma-sample/udf/go/primes"
)

func main() {
	samplev1.ServeSample(func(req *samplev1.SampleRequest) (*samplev1.SampleResponse, error) {
		resp := &samplev1.SampleResponse{}
		switch req.GetFunction() {
		case samplev1.FunctionType_FUNCTION_TYPE_HELLO_WORLD:
			resp.Greeting = "Hello, world!"
		case samplev1.FunctionType_FUNCTION_TYPE_PRIME_SIEVE:
			resp.PrimeNumbers = primes.Below(100000)
		default:
			// UNSPECIFIED (or a value this build does not know): an empty answer.
		}
		return resp, nil
	})
}
