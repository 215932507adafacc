// The C++ UDF of rpc RunPrimeSieve: the largest prime below prime_count.
#include "prime-sieve.h"
#include "sample_roma_udf.h"

using ::roma::sample::v1::RunPrimeSieveRequest;
using ::roma::sample::v1::RunPrimeSieveResponse;

int main(int argc, char* argv[]) {
  return roma::sample::ServeRunPrimeSieve(
      argc, argv, [](const RunPrimeSieveRequest& request, RunPrimeSieveResponse& response) {
        const std::vector<int32_t> primes = roma_sample::PrimesBelow(request.prime_count());
        response.set_largest_prime(primes.empty() ? 0 : primes.back());
      });
}
