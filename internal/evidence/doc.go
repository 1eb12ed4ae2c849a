// Package evidence turns an uploaded file (a photo or a PDF a consumer sends
// as evidence for a complaint) into a safe copy that can be stored and shown
// to the shop and the mediator.
//
// The flow: [Clean] reads the upload once, decides its type from its bytes
// (never from its name or the type the browser declared), checks the
// container structure and writes a copy without metadata to the caller's
// writer, hashing it on the way; it never decodes pixels, so its memory
// stays a few small buffers whatever the file's size. The caller stores the
// copy and keeps [Info] (type, size, SHA-256, dimensions). [Thumbnail]
// decodes a cleaned image, after checking its pixel count, and writes a
// small JPEG preview.
//
// Both functions keep no state between calls and are safe for concurrent
// use.
//
// What is stripped and kept per format, and why, is recorded in
// docs/adr-evidence-files.md. The package does no I/O of its own, no HTTP and
// no SQL.
package evidence
