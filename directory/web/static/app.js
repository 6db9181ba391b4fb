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
          enhanceDrawer(root);
          history.replaceState(null, "", url);
        }
      })
      .catch(function () { /* the form still submits normally */ });
  }, 250);

  // Autocomplete: an ARIA combobox (input role=combobox, a listbox of options); ArrowDown and
  // ArrowUp move the active option, Enter opens it, Escape closes the list.
  var active = -1;
  function options() { return list ? list.querySelectorAll("[role=option]") : []; }
  function setOpen(open) {
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) setActive(-1);
  }
  function setActive(i) {
    var opts = options();
    active = i;
    for (var k = 0; k < opts.length; k++) opts[k].setAttribute("aria-selected", k === i ? "true" : "false");
    if (i >= 0 && opts[i]) input.setAttribute("aria-activedescendant", opts[i].id);
    else input.removeAttribute("aria-activedescendant");
  }
  var suggest = debounce(function () {
    var q = input.value.trim();
    if (q.length < 2) { list.innerHTML = ""; setOpen(false); return; }
    var lang = input.getAttribute("data-lang") || "id";
    fetch("/api/v1/suggest?q=" + encodeURIComponent(q) + "&lang=" + lang)
      .then(function (r) { return r.json(); })
      .then(function (data) {
        list.innerHTML = "";
        data.profiles.concat(data.terms).forEach(function (item, i) {
          var li = document.createElement("li");
          li.id = "suggestion-" + i;
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          li.setAttribute("data-href", item.url);
          li.textContent = item.name || item.label;
          if (item.facet) li.className = "term";
          li.addEventListener("mousedown", function (e) { e.preventDefault(); location.href = item.url; });
          list.appendChild(li);
        });
        setActive(-1);
        setOpen(list.children.length > 0);
      })
      .catch(function () { setOpen(false); });
  }, 150);

  if (input && list) {
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    list.setAttribute("role", "listbox");
    input.addEventListener("input", function () {
      suggest();
      if (root) refresh();
    });
    input.addEventListener("keydown", function (e) {
      var n = options().length;
      if (e.key === "ArrowDown" && n) {
        e.preventDefault();
        if (list.hidden) setOpen(true);
        setActive((active + 1) % n);
      } else if (e.key === "ArrowUp" && n) {
        e.preventDefault();
        if (list.hidden) setOpen(true);
        setActive(active <= 0 ? n - 1 : active - 1);
      } else if (e.key === "Enter" && !list.hidden && active >= 0) {
        e.preventDefault();
        location.href = options()[active].getAttribute("data-href");
      } else if (e.key === "Escape") {
        setOpen(false);
      }
    });
    input.addEventListener("blur", function () { setOpen(false); });
  }

  // The filter drawer: open beside the results on wide screens, a closed disclosure on a phone.
  function enhanceDrawer(scope) {
    var drawer = scope.querySelector("details.filter-drawer");
    if (drawer && window.matchMedia("(min-width: 760px)").matches) drawer.open = true;
  }

  // "Near me": the browser's location, as near=lat,lng&radius_km=5 in the URL.
  function enhanceNear(scope) {
    scope.querySelectorAll("button.near-me").forEach(function (button) {
      if (!navigator.geolocation) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var refused = scope.querySelector(".near-refused");
        navigator.geolocation.getCurrentPosition(function (pos) {
          var params = new URLSearchParams(location.search);
          params.set("near", pos.coords.latitude.toFixed(5) + "," + pos.coords.longitude.toFixed(5));
          params.set("radius_km", button.getAttribute("data-radius"));
          params.delete("page");
          location.href = location.pathname + "?" + params.toString() + "#hasil";
        }, function () {
          if (refused) refused.hidden = false;  // said out loud, never silently ignored
        }, { timeout: 10000 });
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
  enhanceDrawer(document);
})();
