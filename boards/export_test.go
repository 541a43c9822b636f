package boards

// AsOfShowing is asOfShowing for the external tests.
var AsOfShowing = asOfShowing
