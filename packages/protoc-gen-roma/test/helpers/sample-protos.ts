/** Inline protos shared by the plugin tests. */

/** The Roma options import every annotated proto has. */
export const romaImport = 'import "apis/privacysandbox/apis/roma/app_api/v1/options.proto";';

/** A small annotated service: enums, nested messages, maps, oneofs, comments and annotations. */
export const sampleProto = `syntax = "proto3";
package roma.test.v1;
${romaImport}
import "google/protobuf/empty.proto";
import "google/protobuf/timestamp.proto";
import "roma/test/common/v1/common.proto";
option go_package = "example.com/romatest/gen/roma/test/v1;testv1";

// Leading comment of SampleService, shadowed by the annotation's description.
service SampleService {
  option (privacysandbox.apis.roma.app_api.v1.roma_svc_annotation) = {
    name: "Sample Server"
    code_id: "app_api_roma_sample_v1"
    description: "Serves the sample functions."
    cpp_namespace: "roma::sample_udf"
  };
  rpc Sample(SampleRequest) returns (SampleResponse) {
    option (privacysandbox.apis.roma.app_api.v1.roma_rpc_annotation) = {
      description: "Runs the function named in the request."
    };
  }
  // Echoes the request's nested message back.
  rpc Echo(SampleRequest.Payload) returns (SampleRequest.Payload) {}
  rpc Ping(google.protobuf.Empty) returns (google.protobuf.Timestamp) {}
  rpc Lookup(roma.test.common.v1.Key) returns (roma.test.common.v1.Value) {}
}

enum FunctionType {
  option (privacysandbox.apis.roma.app_api.v1.roma_enum_annotation) = { description: "Which function to run." };
  FUNCTION_TYPE_UNSPECIFIED = 0;
  FUNCTION_TYPE_HELLO_WORLD = 1 [(privacysandbox.apis.roma.app_api.v1.roma_enumval_annotation) = { description: "Answers hello." }];
  FUNCTION_TYPE_PRIME_SIEVE = 2;
}

message SampleRequest {
  option (privacysandbox.apis.roma.app_api.v1.roma_mesg_annotation) = { description: "What to run." };
  message Payload {
    string text = 1;
    repeated int32 numbers = 2;
  }
  FunctionType function = 1 [(privacysandbox.apis.roma.app_api.v1.roma_field_annotation) = { description: "The function | to run." }];
  map<string, int64> counters = 2;
  oneof input {
    Payload payload = 3;
    string raw = 4;
  }
}

message SampleResponse {
  // The greeting.
  string greeting = 1;
  repeated int32 primes = 2;
}
`;

/** A file of another package that the sample imports; it has no service. */
export const commonProto = `syntax = "proto3";
package roma.test.common.v1;
option go_package = "example.com/romatest/gen/roma/test/common/v1;commonv1";

message Key {
  string name = 1;
}

message Value {
  bytes data = 1;
}
`;

/** The sample and what it imports, by path. */
export const sampleFiles = {
  "roma/test/v1/sample.proto": sampleProto,
  "roma/test/common/v1/common.proto": commonProto,
};
