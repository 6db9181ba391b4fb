// Progressive enhancement only: every page works without this file, and every state it
// reaches has a shareable URL.
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  // Sort: apply on change.
  function enhanceSort(root) {
    root.querySelectorAll("form.sort select").forEach(function (select) {
      var button = select.form.querySelector(".js-hide");
      if (button) button.hidden = true;
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  // Instant results on the search page: fetch the same page and swap the results.
  var form = document.querySelector("form[data-instant]");
  var root = document.getElementById("results-root");
  var input = form && form.querySelector("input[name=q]");
  var list = document.getElementById("suggestions");

  function formUrl() {
    var params = new URLSearchParams(new FormData(form));
    params.delete("page");
    return form.action + "?" + params.toString();
  }

  var refresh = debounce(function () {
    var url = formUrl();
    fetch(url, { headers: { "Accept": "text/html" } })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("results-root");
        if (fresh && root) {
          root.innerHTML = fresh.innerHTML;
          enhanceSort(root);
          enhanceNear(root);
          history.replaceState(null, "", url);
        }
      })
      .catch(function () { /* the form still submits normally */ });
  }, 250);

  // Autocomplete: profile names and taxonomy terms as links under the box.
  var suggest = debounce(function () {
    var q = input.value.trim();
    if (q.length < 2) { list.hidden = true; list.innerHTML = ""; return; }
    var lang = input.getAttribute("data-lang") || "id";
    fetch("/api/v1/suggest?q=" + encodeURIComponent(q) + "&lang=" + lang)
      .then(function (r) { return r.json(); })
      .then(function (data) {
        list.innerHTML = "";
        data.profiles.concat(data.terms).forEach(function (item) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = item.url;
          a.textContent = item.name || item.label;
          if (item.facet) a.className = "term";
          li.appendChild(a);
          list.appendChild(li);
        });
        list.hidden = !list.children.length;
      })
      .catch(function () { list.hidden = true; });
  }, 150);

  if (input && list) {
    input.addEventListener("input", function () {
      suggest();
      if (root) refresh();
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") list.hidden = true;
    });
    document.addEventListener("click", function (e) {
      if (!form.contains(e.target)) list.hidden = true;
    });
  }

  // "Near me": the browser's location, as near=lat,lng&radius_km=5 in the URL.
  function enhanceNear(scope) {
    scope.querySelectorAll("button.near-me").forEach(function (button) {
      if (!navigator.geolocation) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (pos) {
          var params = new URLSearchParams(location.search);
          params.set("near", pos.coords.latitude.toFixed(5) + "," + pos.coords.longitude.toFixed(5));
          params.set("radius_km", button.getAttribute("data-radius"));
          params.delete("page");
          location.search = params.toString();
        });
      });
    });
  }

  // Inquiry budget: offer only the bands of the chosen currency (without this file every band
  // is listed, grouped by currency, and the server checks the pair).
  function enhanceBudget(root) {
    var currency = root.getElementById("f-currency");
    var budget = root.getElementById("f-budget");
    if (!currency || !budget) return;
    function sync(keep) {
      budget.querySelectorAll("optgroup[data-currency]").forEach(function (group) {
        var other = group.getAttribute("data-currency") !== currency.value;
        var chosen = group.contains(budget.selectedOptions[0]);
        if (other && chosen && keep) return;  // a returned form keeps what was sent
        group.hidden = other;
        group.disabled = other;
        if (other && chosen) budget.value = "unknown";
      });
    }
    currency.addEventListener("change", function () { sync(false); });
    sync(true);
  }

  enhanceSort(document);
  enhanceNear(document);
  enhanceBudget(document);
})();
