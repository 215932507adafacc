// Package primes is the sieve of Eratosthenes that two of the Go UDFs share.
package primes

// Below answers every prime in [2, limit), ascending.
func Below(limit int32) []int32 {
	var primes []int32
	if limit < 3 {
		return primes
	}
	composite := make([]bool, limit)
	for n := int64(2); n < int64(limit); n++ {
		if composite[n] {
			continue
		}
		primes = append(primes, int32(n))
		for m := n * n; m < int64(limit); m += n {
			composite[m] = true
		}
	}
	return primes
}
