// The C++ UDF of rpc SortList: generates count numbers from seed, sorts them, answers them.
#include <algorithm>
#include <stdexcept>
#include <vector>

#include "sample_roma_udf.h"

using ::roma::sample::v1::SortListRequest;
using ::roma::sample::v1::SortListResponse;

namespace {
constexpr uint32_t kMaxCount = 1000000;
}

int main(int argc, char* argv[]) {
  return roma::sample::ServeSortList(
      argc, argv, [](const SortListRequest& request, SortListResponse& response) {
        if (request.count() > kMaxCount) throw std::invalid_argument("count is over 1000000");
        std::vector<uint32_t> numbers(request.count());
        uint32_t x = request.seed();
        for (uint32_t& n : numbers) {
          x = x * 1664525u + 1013904223u;  // Numerical Recipes' LCG; wraps mod 2^32.
          n = x;
        }
        std::sort(numbers.begin(), numbers.end());
        response.mutable_numbers()->Add(numbers.begin(), numbers.end());
      });
}
