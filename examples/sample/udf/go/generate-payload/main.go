// The Go UDF of rpc GeneratePayload: element_count payloads of element_size bytes of 'a'.
package main

import (
	"bytes"
	"errors"

	samplev1 "example.com/roma-sample/gen"
)

const maxTotalBytes = 64 << 20

func main() {
	samplev1.ServeGeneratePayload(func(req *samplev1.GeneratePayloadRequest) (*samplev1.GeneratePayloadResponse, error) {
		size, count := req.GetElementSize(), req.GetElementCount()
		// Checked without multiplying, which could overflow.
		if size != 0 && count > maxTotalBytes/size {
			return nil, errors.New("more than 64 MiB of payloads asked for")
		}
		element := bytes.Repeat([]byte{'a'}, int(size))
		payloads := make([][]byte, count)
		for i := range payloads {
			payloads[i] = element
		}
		return &samplev1.GeneratePayloadResponse{Payloads: payloads}, nil
	})
}
