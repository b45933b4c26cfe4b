package service

import (
	"net/http"
	"time"
)

// Login sets the session cookie after a successful sign-in.
func Login(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{
		Name:     "session",
		Value:    token,
		Path:     "/",
		HttpOnly: true,
		Expires:  time.Now().Add(12 * time.Hour),
	})
}

// Logout clears the session cookie.
func Logout(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "session", Value: "", Path: "/", MaxAge: -1}) // expire now
}

// Preferences are not secret, but the browser must still not send them over plain HTTP.
var defaultPreferences = []http.Cookie{
	{Name: "theme", Value: "dark", Secure: false},
	{Name: "lang", Value: "en"},
}
