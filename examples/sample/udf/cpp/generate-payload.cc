// The C++ UDF of rpc GeneratePayload: element_count payloads of element_size bytes of 'a'.
#include <stdexcept>

#include "sample_roma_udf.h"

using ::roma::sample::v1::GeneratePayloadRequest;
using ::roma::sample::v1::GeneratePayloadResponse;

namespace {
constexpr uint64_t kMaxTotalBytes = uint64_t{64} << 20;
}

int main(int argc, char* argv[]) {
  return roma::sample::ServeGeneratePayload(
      argc, argv, [](const GeneratePayloadRequest& request, GeneratePayloadResponse& response) {
        const uint64_t size = request.element_size();
        const uint64_t count = request.element_count();
        // Checked without multiplying, which could overflow.
        if (size != 0 && count > kMaxTotalBytes / size) {
          throw std::invalid_argument("more than 64 MiB of payloads asked for");
        }
        const std::string element(static_cast<size_t>(size), 'a');
        for (uint64_t i = 0; i < count; ++i) response.add_payloads(element);
      });
}
