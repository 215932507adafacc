// The Go UDF of rpc ReadPayload: counts the bytes of the request's payloads.
package main

import samplev1 "example.com/roma-sample/gen"

func main() {
	samplev1.ServeReadPayload(func(req *samplev1.ReadPayloadRequest) (*samplev1.ReadPayloadResponse, error) {
		var size uint64
		for _, payload := range req.GetPayloads() {
			size += uint64(len(payload))
		}
		return &samplev1.ReadPayloadResponse{PayloadSize: size}, nil
	})
}
