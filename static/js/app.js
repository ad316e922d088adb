// cddfund: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  function setupNavToggle() {
    var button = document.querySelector(".nav-toggle");
    var nav = document.getElementById("mainnav");
    if (!button || !nav) return;
    button.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Dependent area pickers: a select with data-area-parent reloads its options from
  // data-area-url?parent=<value> whenever its parent select changes, then clears its own children.
  function childrenOf(select) {
    return document.querySelectorAll('select[data-area-parent="' + select.id + '"]');
  }

  function resetTo(select, options) {
    var placeholder = select.options.length && select.options[0].value === "" ? select.options[0] : null;
    select.innerHTML = "";
    if (placeholder) select.appendChild(placeholder);
    options.forEach(function (o) {
      var opt = document.createElement("option");
      opt.value = o.value;
      opt.textContent = o.label;
      select.appendChild(opt);
    });
    select.value = "";
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function reload(child, parentValue) {
    if (!parentValue) { resetTo(child, []); return; }
    var url = child.getAttribute("data-area-url") + "?parent=" + encodeURIComponent(parentValue);
    child.disabled = true;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { options: [] }; })
      .then(function (data) { resetTo(child, data.options || []); })
      .catch(function () { resetTo(child, []); })
      .finally(function () { child.disabled = false; });
  }

  function setupAreaPickers() {
    document.querySelectorAll("select[data-area-parent]").forEach(function (child) {
      var parent = document.getElementById(child.getAttribute("data-area-parent"));
      if (!parent) return;
      parent.addEventListener("change", function () { reload(child, parent.value); });
    });
  }

  function setupPrintButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // A whole national ID typed into a list's search box would travel in the URL; send it through
  // the ID search form (POST) instead. Without this script the server refuses it with a message.
  function setupIdSearch() {
    var finder = document.querySelector("form.id-search");
    if (!finder) return;
    document.querySelectorAll("form.filter-bar[role=search]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var box = form.querySelector("input[name=q]");
        var digits = box ? box.value.replace(/[\s-]/g, "") : "";
        if (/^[0-9]{5,}$/.test(digits)) {
          event.preventDefault();
          finder.querySelector("input[name=national_id]").value = digits;
          box.value = "";
          finder.submit();
        }
      });
    });
  }

  // A list's filters are folded behind one button on a phone; on a wider screen they stay open.
  function setupFilters() {
    if (!window.matchMedia("(min-width: 700px)").matches) return;
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = true;
    });
  }

  // A table turns into cards on a phone (app.css) once each cell knows its column's name. The
  // lists of django-tables2 carry it already; the hand-written registers and the reports get it
  // here, read from their header rows (a grouped header gives "group · column"). A cell spanning
  // several columns (a total's caption, an empty list's message) is shown without a name.
  function columnNames(table) {
    var grid = [], keys = [];
    table.querySelectorAll("thead tr").forEach(function (tr, r) {
      grid[r] = grid[r] || [];
      var c = 0;
      Array.prototype.forEach.call(tr.children, function (th) {
        while (grid[r][c] !== undefined) c++;
        var span = th.colSpan || 1, down = th.rowSpan || 1, text = th.textContent.trim();
        if (th.hasAttribute("data-key")) for (var k = 0; k < span; k++) keys[c + k] = true;
        for (var i = 0; i < down; i++) {
          grid[r + i] = grid[r + i] || [];
          for (var j = 0; j < span; j++) grid[r + i][c + j] = text;
        }
        c += span;
      });
    });
    var names = [];
    grid.forEach(function (row) {
      row.forEach(function (text, c) {
        var parts = names[c] || (names[c] = []);
        if (text && parts.indexOf(text) === -1) parts.push(text);
      });
    });
    return { names: names.map(function (parts) { return parts.join(" · "); }), keys: keys };
  }

  function labelTableCells() {
    document.querySelectorAll(".table-container table").forEach(function (table) {
      if (!table.tHead || table.querySelector("td[data-label]")) return;
      var columns = columnNames(table), names = columns.names;
      if (!names.length) return;
      table.querySelectorAll("tbody tr, tfoot tr").forEach(function (row) {
        var c = 0;
        Array.prototype.forEach.call(row.children, function (cell) {
          var span = cell.colSpan || 1;
          var name = span === 1 ? names[c] || "" : "";
          cell.setAttribute("data-label", name);
          if (span > 1 || columns.keys[c]) {
            cell.setAttribute("data-key", "");
          }
          c += span;
        });
      });
    });
  }

  // On a phone a card shows its key figures (cells marked data-key) first and folds the rest
  // behind one button that says how many more there are; nothing is folded without it. A total
  // row (tfoot) is never folded.
  function foldCards() {
    var more = document.body.getAttribute("data-fold-more"), less = document.body.getAttribute("data-fold-less");
    if (!more) return;
    document.querySelectorAll(".table-container tbody tr").forEach(function (row) {
      if (!row.querySelector(":scope > [data-key]")) return;
      var rest = row.querySelectorAll(":scope > [data-label]:not([data-key]):not(:first-child)");
      var shown = Array.prototype.filter.call(rest, function (cell) { return cell.textContent.trim() !== ""; });
      if (shown.length < 2) return;
      var cell = document.createElement("td");
      cell.className = "fold";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      var label = more.replace("{n}", shown.length);
      button.textContent = label;
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", function () {
        var open = row.classList.toggle("unfolded");
        button.textContent = open ? less : label;
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
      cell.appendChild(button);
      row.appendChild(cell);
      row.classList.add("folded");
    });
  }

  // A BE date field (dd/mm/yyyy, typed with a numeric keypad) gets a calendar button beside it:
  // the phone's own date picker, whose Gregorian answer is written back in the Buddhist Era.
  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function setupDatePickers() {
    document.querySelectorAll("input.date-be").forEach(function (field) {
      if (field.readOnly || field.disabled) return;
      var wrap = document.createElement("span");
      wrap.className = "date-wrap";
      field.parentNode.insertBefore(wrap, field);
      wrap.appendChild(field);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "date-button secondary";
      button.textContent = "\u{1F4C5}";
      button.setAttribute("aria-label", field.getAttribute("data-picker-label") || "");
      var picker = document.createElement("input");
      picker.type = "date";
      picker.className = "date-picker";
      picker.tabIndex = -1;
      picker.setAttribute("aria-hidden", "true");
      wrap.appendChild(button);
      wrap.appendChild(picker);
      button.addEventListener("click", function () {
        var typed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(field.value.trim());
        if (typed) {
          picker.value = (parseInt(typed[3], 10) - 543) + "-" + pad(+typed[2]) + "-" + pad(+typed[1]);
        }
        if (picker.showPicker) { picker.showPicker(); } else { picker.focus(); }
      });
      picker.addEventListener("change", function () {
        var parts = picker.value.split("-");
        if (parts.length !== 3) return;
        field.value = parts[2] + "/" + parts[1] + "/" + (parseInt(parts[0], 10) + 543);
        field.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  // An assessment indicator answered before shows only its chosen level on a phone (app.css), with
  // a button that shows every level again.
  function setupChosenAnswers() {
    document.querySelectorAll("fieldset.criteria[data-change]").forEach(function (set) {
      if (!set.querySelector("input:checked")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link change-answer";
      button.textContent = set.getAttribute("data-change");
      button.addEventListener("click", function () {
        set.classList.remove("chosen");
        var checked = set.querySelector("input:checked");
        if (checked) checked.focus();
      });
      set.appendChild(button);
      set.classList.add("chosen");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupNavToggle();
    setupChosenAnswers();
    setupDatePickers();
    setupFilters();
    labelTableCells();
    foldCards();
    setupIdSearch();
    setupAreaPickers();
    setupPrintButtons();
  });
})();

// Background exports: poll the status until the file is ready, then show the download link.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".export[data-status-url]");
    if (!box) return;
    var bar = document.getElementById("export-progress");
    var state = document.getElementById("export-state");
    var download = document.getElementById("export-download");
    function poll() {
      fetch(box.getAttribute("data-status-url"), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          bar.value = s.progress;
          state.textContent = s.label;
          if (s.download) { download.hidden = false; return; }
          if (s.status !== "failed") setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    poll();
  });
})();

// Work a worker finishes shortly (a closing's figures): read the page again until it is done.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var waiting = document.querySelector("[data-reload-after]");
    if (!waiting) return;
    var seconds = parseInt(waiting.getAttribute("data-reload-after"), 10);
    setTimeout(function () { window.location.reload(); }, seconds * 1000);
  });
})();

// Excel imports: show the rows done while the file is checked or imported; reload when done.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".import-job[data-status-url]");
    if (!box) return;
    var state = document.getElementById("import-state");
    var bar = document.getElementById("import-progress");
    function poll() {
      fetch(box.getAttribute("data-status-url"), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (!s.running) { window.location.reload(); return; }
          state.textContent = s.text;
          if (s.percent !== null) bar.value = s.percent;
          setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    setTimeout(poll, 500);
  });
})();

// A debt survey's "+ เพิ่มสัญญา": a new empty loan row in place (without this file the button posts
// the form back with one more row, nothing saved).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-add-loan]");
    var template = document.getElementById("loan-row");
    var rows = document.querySelector("[data-loan-rows]");
    var total = document.getElementById("id_loans-TOTAL_FORMS");
    if (!button || !template || !rows || !total) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10);
      if (index >= parseInt(button.getAttribute("data-max"), 10)) return;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      row.querySelector("[data-row-number]").textContent = String(index + 1);
      rows.appendChild(row);
      total.value = String(index + 1);
      var first = row.querySelector("select, input");
      if (first) first.focus();
    });
  });
})();
