// The C++ UDF of rpc Sample: a hello world, or every prime below 100000.
#include "prime-sieve.h"
#include "sample_roma_udf.h"

using ::roma::sample::v1::FUNCTION_TYPE_HELLO_WORLD;
using ::roma::sample::v1::FUNCTION_TYPE_PRIME_SIEVE;
using ::roma::sample::v1::SampleRequest;
using ::roma::sample::v1::SampleResponse;

int main(int argc, char* argv[]) {
  return roma::sample::ServeSample(
      argc, argv, [](const SampleRequest& request, SampleResponse& response) {
        switch (request.function()) {
          case FUNCTION_TYPE_HELLO_WORLD:
            response.set_greeting("Hello, world!");
            break;
          case FUNCTION_TYPE_PRIME_SIEVE:
            for (int32_t prime : roma_sample::PrimesBelow(100000)) {
              response.add_prime_numbers(prime);
            }
            break;
          default:
            break;  // UNSPECIFIED (or a value this build does not know): an empty answer.
        }
      });
}
