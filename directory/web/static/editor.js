// The profile editor, enhanced (every part works without this file): the error summary takes
// the focus so a screen reader reads it first; tapping the offline map places the office pin,
// fills the optional coordinates and picks the kecamatan under it.
(function () {
  "use strict";

  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  var map = document.getElementById("pin-map");
  var pin = document.getElementById("pin");
  var lat = document.getElementById("f-lat");
  var lng = document.getElementById("f-lng");
  var clear = document.getElementById("pin-clear");
  if (!map || !pin || !lat || !lng) return;

  // The same projection as the search map (templates/includes/map.html), inverted.
  function toLatLng(x, y) {
    return { lng: 112.56 + (x - 30) * 0.14 / 250, lat: -7.90 - (y - 10) * 0.16 / 280 };
  }

  function place(x, y) {
    pin.setAttribute("cx", x.toFixed(1));
    pin.setAttribute("cy", y.toFixed(1));
  }

  if (clear) {
    clear.hidden = false;
    clear.addEventListener("click", function () {
      lat.value = "";
      lng.value = "";
      place(-20, -20);
    });
  }

  map.addEventListener("click", function (event) {
    var point = map.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var local = point.matrixTransform(map.getScreenCTM().inverse());
    var where = toLatLng(local.x, local.y);
    lat.value = where.lat.toFixed(5);
    lng.value = where.lng.toFixed(5);
    place(local.x, local.y);
    var region = event.target.getAttribute && event.target.getAttribute("data-kecamatan");
    var select = document.getElementById("f-kecamatan");
    if (region && select) {
      select.value = region;
      map.querySelectorAll("polygon").forEach(function (p) {
        p.classList.toggle("on", p === event.target);
      });
    }
  });
})();
