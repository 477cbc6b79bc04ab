'use strict';
// The server sends a wrong key back here with ?failed=1; say so next to the field.
if (new URLSearchParams(window.location.search).has('failed')) {
  document.getElementById('login-error').hidden = false;
}
