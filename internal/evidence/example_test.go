package evidence_test

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/evidence"
)

// A photo with a comment in it: Clean writes a copy without it and says
// what it removed; the digest names the stored copy.
func ExampleClean() {
	var photo bytes.Buffer
	_ = jpeg.Encode(&photo, image.NewGray(image.Rect(0, 0, 64, 48)), nil)
	upload := append([]byte{0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x0A}, "Erika M."...) // SOI, COM
	upload = append(upload, photo.Bytes()[2:]...)

	var stored bytes.Buffer
	info, err := evidence.Clean(&stored, bytes.NewReader(upload), evidence.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(info.Type, info.Width, info.Height, info.Removed)
	fmt.Println(info.Size == int64(stored.Len()), len(info.SHA256))
	fmt.Println(strings.Contains(stored.String(), "Erika"))
	// Output:
	// image/jpeg 64 48 [comment]
	// true 64
	// false
}

// A web page renamed to photo.jpg is refused by its content; the field
// error renders in the user's language.
func ExampleClean_refused() {
	_, err := evidence.Clean(&bytes.Buffer{}, strings.NewReader("<html><body>photo</body></html>"), evidence.Limits{})
	var ve *fairshops.ValidationError
	if errors.As(err, &ve) {
		f := ve.Fields[0]
		fmt.Println(f.Field, f.Code)
		fmt.Println(f.Reason(fairshops.English))
	}
	// Output:
	// file file_type
	// this kind of file (text/html) cannot be accepted; please send a photo (JPEG, PNG, WebP) or a PDF
}

// A preview of a cleaned photo, at most 32 pixels on its longer side.
func ExampleThumbnail() {
	var photo bytes.Buffer
	_ = jpeg.Encode(&photo, image.NewGray(image.Rect(0, 0, 640, 480)), nil)

	var thumb bytes.Buffer
	if err := evidence.Thumbnail(&thumb, &photo, 32, evidence.Limits{}); err != nil {
		fmt.Println(err)
		return
	}
	cfg, _ := jpeg.DecodeConfig(&thumb)
	fmt.Println(cfg.Width, cfg.Height)
	// Output: 32 24
}
