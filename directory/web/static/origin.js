// Progressive enhancement of templates/includes/origin_fields.html: the city list shows only
// the chosen province's regencies, and the Indonesian fields hide for another country. Without
// this file the form works the same (the server checks that the city lies in the province).
(function () {
  "use strict";
  document.querySelectorAll("[data-origin]").forEach(function (box) {
    var country = box.querySelector("select[name=client_country]");
    var province = box.querySelector("select[name=client_province]");
    var city = box.querySelector("select[name=client_city]");
    if (!country || !province || !city) return;
    function update() {
      var inIndonesia = country.value === "ID";
      box.querySelectorAll("[data-origin-id]").forEach(function (field) {
        field.hidden = !inIndonesia;
      });
      if (!inIndonesia) { province.value = ""; city.value = ""; }
      city.querySelectorAll("optgroup").forEach(function (group) {
        var mine = group.getAttribute("data-province") === province.value;
        group.hidden = !mine;
        group.disabled = !mine;
      });
      var chosen = city.selectedOptions[0];
      if (chosen && chosen.parentNode.disabled) city.value = "";
    }
    country.addEventListener("change", update);
    province.addEventListener("change", update);
    update();
  });
})();
