package http_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAPIReview: the consumer asks for a human review of the pre-check,
// a second request is refused, the operator lists and answers it, and the
// complaint as read carries the answer and the reviewed label.
func TestAPIReview(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{adrDirective: true})
	a := "/api/v1/complaints/" + w.complaintA
	got := w.must(asConsumer, "GET", a+"?lang=en", "", 200)
	require.Equal(t, "Automated first check (rule-based), no legal advice.", got["precheck"].(map[string]any)["automated"])
	require.NotContains(t, got, "reviews")

	w.must(asConsumer, "POST", a+"/review", `{"reason":1}`, 422)
	w.must(asConsumer, "POST", a+"/review", `{"why":"x"}`, 422)
	got = w.must(asConsumer, "POST", a+"/review?lang=en", `{"reason":"Der Termin war zugesagt."}`, 201)
	reviews := got["reviews"].([]any)
	require.Len(t, reviews, 1)
	r := reviews[0].(map[string]any)
	require.Equal(t, "Der Termin war zugesagt.", r["reason"])
	require.Equal(t, "2026-12-09", r["due"])
	require.EqualValues(t, 0, r["precheck"])
	require.NotContains(t, r, "answered_at")
	w.must(asConsumer, "POST", a+"/review", "", 409)

	page := w.must(asOperator, "GET", "/api/v1/reviews", "", 200)
	items := page["items"].([]any)
	require.Len(t, items, 1)
	require.Equal(t, w.complaintA, items[0].(map[string]any)["complaint"])
	require.Equal(t, "2026-12-09", items[0].(map[string]any)["review"].(map[string]any)["due"])
	w.must(asOperator, "GET", "/api/v1/reviews?limit=0", "", 400)

	w.must(asOperator, "POST", a+"/review/answer", `{"outcome":"corrected"}`, 422)
	w.must(asOperator, "POST", a+"/review/answer", `{"outcome":"maybe","text":"x"}`, 422)
	w.must(asOperator, "POST", a+"/review/answer", `{"text":"x"}`, 422)
	got = w.must(asOperator, "POST", a+"/review/answer?lang=en", `{"outcome":"confirmed","text":"Die Prüfung stimmt."}`, 200)
	r = got["reviews"].([]any)[0].(map[string]any)
	require.Equal(t, "confirmed", r["outcome"])
	require.Equal(t, "Die Prüfung stimmt.", r["answer"])
	require.Equal(t, apiOperatorLogin, r["by"])
	history := got["history"].([]any)
	require.Equal(t, "review_answered", history[len(history)-1].(map[string]any)["action"])
	w.must(asOperator, "POST", a+"/review/answer", `{"outcome":"confirmed"}`, 409)
	require.Empty(t, w.must(asOperator, "GET", "/api/v1/reviews", "", 200)["items"])

	got = w.must(asConsumer, "GET", a+"?lang=en", "", 200)
	require.Equal(t, "Automated first check (rule-based), no legal advice; reviewed by a person on 25 November 2026.",
		got["precheck"].(map[string]any)["automated"])
	require.Equal(t, "confirmed", got["reviews"].([]any)[0].(map[string]any)["outcome"])
	w.must(asConsumer, "POST", a+"/review", `{}`, 409)
}

// TestAPIReviewOff: without the setting the review's routes answer 404.
func TestAPIReviewOff(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	a := "/api/v1/complaints/" + w.complaintA
	w.must(asConsumer, "POST", a+"/review", `{}`, 404)
	w.must(asOperator, "GET", "/api/v1/reviews", "", 404)
	w.must(asOperator, "POST", a+"/review/answer", `{"outcome":"confirmed"}`, 404)
	got := w.must(asConsumer, "GET", a, "", 200)
	require.NotContains(t, got["precheck"], "automated")
}
