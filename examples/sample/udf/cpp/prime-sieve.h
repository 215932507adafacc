// The sieve of Eratosthenes that two of the C++ UDFs share.
#ifndef ROMA_SAMPLE_PRIME_SIEVE_H_
#define ROMA_SAMPLE_PRIME_SIEVE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace roma_sample {

// Every prime in [2, limit), ascending.
inline std::vector<int32_t> PrimesBelow(int32_t limit) {
  std::vector<int32_t> primes;
  if (limit < 3) return primes;
  std::vector<bool> composite(static_cast<std::size_t>(limit), false);
  for (int64_t n = 2; n < limit; ++n) {
    if (composite[static_cast<std::size_t>(n)]) continue;
    primes.push_back(static_cast<int32_t>(n));
    for (int64_t m = n * n; m < limit; m += n) composite[static_cast<std::size_t>(m)] = true;
  }
  return primes;
}

}  // namespace roma_sample

#endif  // ROMA_SAMPLE_PRIME_SIEVE_H_
