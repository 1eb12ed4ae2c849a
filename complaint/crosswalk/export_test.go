package crosswalk

import "testing"

// CrosswalkJSON gives the tests the embedded table's bytes.
func CrosswalkJSON(testing.TB) []byte { return append([]byte(nil), data...) }
