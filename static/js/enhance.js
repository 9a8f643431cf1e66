// Progressive enhancement only: every page works without this script.
// The practice list's filters apply at once: the page fetches the new list, swaps the filter
// column and the results in place, keeps focus on the control just used and announces the
// new count in a live region. Without the script, "Filter anwenden" submits the form.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var NARROW = window.matchMedia("(max-width: 48rem)");

  function collapseOnNarrowScreens(details) {
    // Wide screens show the filter column; narrow ones start with the results.
    function apply() { details.open = !NARROW.matches; }
    apply();
    NARROW.addEventListener("change", apply);
  }

  function swap(selector, fresh) {
    var old = document.querySelector(selector);
    var replacement = fresh.querySelector(selector);
    if (old && replacement) { old.replaceWith(replacement); }
  }

  function enhanceFilters(form) {
    var status = document.getElementById("filter-status");
    var pending = null;
    var timer = null;

    function update(focusId) {
      var query = new URLSearchParams(new FormData(form));
      // Empty values mean "all": keep the address short and bookmarkable.
      Array.from(query.keys()).forEach(function (key) {
        if (query.getAll(key).every(function (v) { return v === ""; })) { query.delete(key); }
      });
      query.delete("page");
      var url = form.action + (query.toString() ? "?" + query.toString() : "");
      if (pending) { pending.abort(); }
      pending = new AbortController();
      document.body.setAttribute("aria-busy", "true");
      fetch(url, { signal: pending.signal, headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html");
          swap(".filter-fields", fresh);
          swap(".filter-summary-text", fresh);
          swap("#treffer-bereich", fresh);
          // The language switch links this very list: keep it pointing at the new filters.
          swap(".language-switch", fresh);
          history.replaceState(null, "", url);
          rememberList();
          markPrintUrls();
          document.title = fresh.title;
          var control = document.getElementById(focusId);
          if (control) { control.focus(); }
          var heading = document.getElementById("ergebnis-titel");
          if (status && heading) { status.textContent = heading.textContent.trim(); }
        })
        .catch(function (error) {
          if (error.name !== "AbortError") { form.submit(); }
        })
        .finally(function () { document.body.removeAttribute("aria-busy"); });
    }

    form.addEventListener("change", function (event) {
      var id = event.target.id;
      clearTimeout(timer);
      // A short pause lets arrow keys run through radios and selects without a request each.
      timer = setTimeout(function () { update(id); }, 250);
    });
  }

  function markPrintUrls() {
    // Paper shows full addresses after links (print.css), not paths relative to this site.
    document.querySelectorAll("main a[href]").forEach(function (link) {
      if (link.getAttribute("href").charAt(0) !== "#") { link.dataset.printUrl = link.href; }
    });
  }

  var LIST_KEY = "rehapro-trefferliste";

  function rememberList() {
    // Only the query string, per tab, never sent anywhere: no cookie, no tracking.
    try { sessionStorage.setItem(LIST_KEY, location.pathname + location.search); } catch (e) {}
  }

  function linkBackToList(link) {
    var stored = null;
    try { stored = sessionStorage.getItem(LIST_KEY); } catch (e) {}
    if (stored && stored.indexOf(link.getAttribute("href")) === 0) {
      link.href = stored;
      link.textContent = link.dataset.backLabel || "Zurück zur Trefferliste";
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("form[data-autosubmit]")) {
      rememberList();
      window.addEventListener("popstate", rememberList);
    }
    document.querySelectorAll("a[data-back-to-list]").forEach(linkBackToList);
    markPrintUrls();
    document.querySelectorAll("details.filter-disclosure").forEach(collapseOnNarrowScreens);
    document.querySelectorAll("form[data-autosubmit]").forEach(enhanceFilters);
  });

  // The comparison tray: "zum Vergleich hinzufügen" collects ids in this browser (at most
  // four) instead of opening the comparison at once; the tray links to it.
  function enhanceCompare(tray) {
    var KEY = "rehapro-vergleich";
    var max = parseInt(tray.dataset.max, 10) || 4;
    var count = tray.querySelector(".compare-tray-count");
    var go = tray.querySelector(".compare-tray-go");
    var full = tray.querySelector(".compare-tray-full");

    function read() {
      try {
        var ids = JSON.parse(window.localStorage.getItem(KEY) || "[]");
        return Array.isArray(ids) ? ids.filter(function (id) { return /^[0-9]{1,10}$/.test(id); }) : [];
      } catch (error) { return []; }
    }
    function write(ids) {
      try { window.localStorage.setItem(KEY, JSON.stringify(ids)); } catch (error) { /* private mode */ }
      render(ids);
    }
    function render(ids) {
      tray.hidden = ids.length === 0;
      count.textContent = String(ids.length);
      go.href = tray.dataset.compareUrl + "?ids=" + ids.join(",");
      full.hidden = ids.length < max;
    }

    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-compare-id]");
      if (!link) { return; }
      event.preventDefault();
      var ids = read();
      var id = link.dataset.compareId;
      if (ids.indexOf(id) === -1 && ids.length < max) { ids.push(id); }
      write(ids);
      go.focus();
    });
    tray.querySelector(".compare-tray-clear").addEventListener("click", function () {
      write([]);
    });
    render(read());
  }

  var tray = document.getElementById("compare-tray");
  if (tray) { enhanceCompare(tray); }
})();
