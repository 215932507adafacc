/**
 * The C++ side of the guest ABI, identical in every generated header and guarded by one
 * macro, so that a translation unit including several headers defines it once.
 * (See ../shared/design/GUEST_ABI.md: readiness byte, one varint-delimited request,
 * one varint-delimited response, exit code.)
 */
export const cppGuestAbi = String.raw`#ifndef ROMA_UDF_GUEST_ABI_V1_
#define ROMA_UDF_GUEST_ABI_V1_
namespace roma_udf_internal {

// Loops because short writes and EINTR are legal on sockets and pipes.
inline bool WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

inline bool ReadAll(int fd, char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::read(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

enum class VarintRead { kOk, kEnded, kOutOfRange };

// Reads one byte at a time so that nothing after the varint is consumed.
inline VarintRead ReadVarint(int fd, uint64_t* value) {
  *value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    unsigned char byte = 0;
    if (!ReadAll(fd, reinterpret_cast<char*>(&byte), 1)) return VarintRead::kEnded;
    // The 10th byte holds bit 63 alone: more would be shifted out and wrap silently.
    if (shift == 63 && byte > 1) return VarintRead::kOutOfRange;
    *value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return VarintRead::kOk;
  }
  return VarintRead::kOutOfRange;
}

inline void AppendVarint(std::string* out, uint64_t value) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

inline int Fail(const char* function, const std::string& message) {
  std::cerr << function << ": " << message << std::endl;
  return 1;
}

// One request in, one response out; returns the process's exit code.
template <typename Request, typename Response>
int Serve(const char* function, int argc, char* argv[],
          const std::function<void(const Request&, Response&)>& handler) {
  if (argc < 2) return Fail(function, "expected the data fd as argv[1]");
  char* end = nullptr;
  errno = 0;
  const long fd = std::strtol(argv[1], &end, 10);
  if (errno != 0 || end == argv[1] || *end != '\0' || fd < 0 || fd > INT_MAX) {
    return Fail(function, std::string("argv[1] is not a file descriptor: ") + argv[1]);
  }
  const int data_fd = static_cast<int>(fd);
  const char ready = 0;
  if (!WriteAll(data_fd, &ready, 1)) return Fail(function, "cannot write the readiness byte");
  uint64_t size = 0;
  switch (ReadVarint(data_fd, &size)) {
    case VarintRead::kOk:
      break;
    case VarintRead::kEnded:
      return Fail(function, "cannot read the request's length");
    case VarintRead::kOutOfRange:
      return Fail(function, "the request's length is out of range");
  }
  if (size > static_cast<uint64_t>(INT_MAX)) return Fail(function, "the request is too large");
  std::string bytes(static_cast<size_t>(size), '\0');
  if (!ReadAll(data_fd, &bytes[0], bytes.size())) return Fail(function, "the request ended early");
  Request request;
  if (!request.ParseFromString(bytes)) {
    return Fail(function, "the request does not parse as " + request.GetTypeName());
  }
  Response response;
  try {
    handler(request, response);
  } catch (const std::exception& e) {
    return Fail(function, std::string("the handler threw: ") + e.what());
  } catch (...) {
    return Fail(function, "the handler threw something that is not a std::exception");
  }
  std::string body;
  if (!response.SerializeToString(&body)) return Fail(function, "cannot serialize the response");
  std::string frame;
  AppendVarint(&frame, body.size());
  frame += body;
  if (!WriteAll(data_fd, frame.data(), frame.size())) {
    return Fail(function, "cannot write the response");
  }
  return 0;
}

}  // namespace roma_udf_internal
#endif  // ROMA_UDF_GUEST_ABI_V1_`;
