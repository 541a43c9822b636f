package model

// ApplyForTest exposes apply to the external tests.
var ApplyForTest = apply
