// The C++ UDF of rpc ReadPayload: counts the bytes of the request's payloads.
#include "sample_roma_udf.h"

using ::roma::sample::v1::ReadPayloadRequest;
using ::roma::sample::v1::ReadPayloadResponse;

int main(int argc, char* argv[]) {
  return roma::sample::ServeReadPayload(
      argc, argv, [](const ReadPayloadRequest& request, ReadPayloadResponse& response) {
        uint64_t size = 0;
        for (const std::string& payload : request.payloads()) size += payload.size();
        response.set_payload_size(size);
      });
}
