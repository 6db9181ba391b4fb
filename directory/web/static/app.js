// Progressive enhancement only: every page works without this file.
document.querySelectorAll("form.sort select").forEach(function (select) {
  var button = select.form.querySelector(".js-hide");
  if (button) button.hidden = true;
  select.addEventListener("change", function () { select.form.submit(); });
});
