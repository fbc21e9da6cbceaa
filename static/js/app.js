// Alinea's one script, for what htmx cannot do. No eval, no inline handlers (the CSP forbids them).
(function () {
  "use strict";

  // Select the whole value of a read-only copy field when it gets focus.
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.classList.contains("copy-field")) {
      target.select();
    }
  });

  // A copy button beside each copy field (made here, so no dead button shows without script).
  function addCopyButtons(root) {
    root.querySelectorAll("input.copy-field[data-copy-label]").forEach(function (field) {
      if (field.nextElementSibling && field.nextElementSibling.classList.contains("copy-button")) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-small copy-button";
      button.textContent = field.getAttribute("data-copy-label");
      button.setAttribute("aria-live", "polite");
      button.addEventListener("click", function () {
        var done = function () { button.textContent = field.getAttribute("data-copied-label"); };
        field.select();
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(done, function () {
            if (document.execCommand("copy")) { done(); }
          });
        } else if (document.execCommand("copy")) { done(); }
      });
      field.insertAdjacentElement("afterend", button);
    });
  }
  addCopyButtons(document);
  document.addEventListener("htmx:after:swap", function () { addCopyButtons(document); });

  // @mention autocomplete on textareas marked data-mentions: type @ and a few letters,
  // pick with the arrow keys and Enter (or click); Escape closes the list.
  var menu = null, active = -1, field = null, query = null, timer = null;

  function close() {
    if (menu) { menu.remove(); }
    menu = null; active = -1; query = null;
  }

  function mentionAt(textarea) {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var match = /(^|[\s(])@([\w.+-]{1,40})$/.exec(before);
    return match ? { text: match[2], start: before.length - match[2].length - 1 } : null;
  }

  function choose(person) {
    var value = field.value, end = field.selectionStart;
    var inserted = "@" + person.handle + " ";
    field.value = value.slice(0, query.start) + inserted + value.slice(end);
    field.selectionStart = field.selectionEnd = query.start + inserted.length;
    close();
    field.focus();
  }

  function highlight(index) {
    if (!menu) { return; }
    var items = menu.querySelectorAll("li");
    active = (index + items.length) % items.length;
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
    field.setAttribute("aria-activedescendant", items[active].id);
  }

  function show(people) {
    close();
    if (!people.length) { return; }
    menu = document.createElement("ul");
    menu.className = "mention-menu";
    menu.id = "mention-menu";
    menu.setAttribute("role", "listbox");
    people.forEach(function (person, i) {
      var item = document.createElement("li");
      item.id = "mention-option-" + i;
      item.setAttribute("role", "option");
      item.textContent = person.name;
      var handle = document.createElement("span");
      handle.className = "muted small";
      handle.textContent = "@" + person.handle;
      item.appendChild(document.createTextNode(" "));
      item.appendChild(handle);
      item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(person); });
      menu.appendChild(item);
    });
    menu.people = people;
    var box = field.getBoundingClientRect();
    menu.style.left = (window.scrollX + box.left) + "px";
    menu.style.top = (window.scrollY + box.bottom + 4) + "px";
    document.body.appendChild(menu);
    field.setAttribute("aria-controls", "mention-menu");
    highlight(0);
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLTextAreaElement) || !target.hasAttribute("data-mentions")) { return; }
    field = target;
    var found = mentionAt(target);
    clearTimeout(timer);
    if (!found) { close(); return; }
    timer = setTimeout(function () {
      fetch("/people/mentions?q=" + encodeURIComponent(found.text), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (people) { show(people); query = found; });
    }, 150);
  });

  document.addEventListener("keydown", function (event) {
    if (!menu || event.target !== field) { return; }
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Enter" || event.key === "Tab") { event.preventDefault(); choose(menu.people[active]); }
    else if (event.key === "Escape") { close(); }
  });

  document.addEventListener("focusout", function (event) {
    if (event.target === field) { setTimeout(close, 100); }
  });

  // Unsent text survives an expired session or a closed tab: forms marked data-autosave keep
  // their text fields in localStorage until a page says the save landed (data-autosave-clear).
  var PREFIX = "alinea-draft:";

  function draftFields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrf_token" && el.name !== "base_revision" &&
        (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && (el.type === "text" || el.type === "search")));
    });
  }

  function storeDraft(form) {
    var values = {};
    draftFields(form).forEach(function (el) { values[el.name] = el.value; });
    try { localStorage.setItem(PREFIX + form.getAttribute("data-autosave"), JSON.stringify(values)); }
    catch (ignored) { /* storage full or disabled: nothing more to do */ }
  }

  function restoreDrafts(root) {
    root.querySelectorAll("[data-autosave-clear]").forEach(function (el) {
      localStorage.removeItem(PREFIX + el.getAttribute("data-autosave-clear"));
    });
    root.querySelectorAll("form[data-autosave]").forEach(function (form) {
      var raw = localStorage.getItem(PREFIX + form.getAttribute("data-autosave"));
      if (!raw) { return; }
      var values = JSON.parse(raw), restored = false;
      draftFields(form).forEach(function (el) {
        if (Object.prototype.hasOwnProperty.call(values, el.name) && values[el.name] !== el.value) {
          el.value = values[el.name];
          restored = true;
        }
      });
      var notice = form.querySelector("[data-draft-notice]");
      if (restored && notice) { notice.hidden = false; }
    });
  }

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-autosave")) { storeDraft(form); }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-draft-discard]");
    if (!button) { return; }
    var form = button.closest("form[data-autosave]");
    localStorage.removeItem(PREFIX + form.getAttribute("data-autosave"));
    window.location.reload();
  });

  document.addEventListener("DOMContentLoaded", function () { restoreDrafts(document); });
  document.addEventListener("htmx:after:swap", function () { restoreDrafts(document); });

  // Live countdown on deadlines within a day: "due in 12 min", "overdue by 5 min".
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var minutes = Math.round((Date.parse(el.getAttribute("data-countdown")) - now) / 60000);
      if (Math.abs(minutes) > 24 * 60) { return; }
      var late = minutes < 0;
      el.textContent = el.getAttribute(late ? "data-late" : "data-soon").replace("{m}", Math.abs(minutes));
      el.classList.toggle("due-missed", late);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 30000); });
  document.addEventListener("htmx:after:swap", tick);

  // On a phone the main navigation scrolls sideways: keep the current area in view
  // (scrolling the list only, never the page).
  function showCurrentArea() {
    var current = document.querySelector(".mainnav [aria-current=page]");
    var list = current && current.closest("ul");
    if (!list) { return; }
    var right = current.offsetLeft + current.offsetWidth - list.offsetLeft;
    if (right > list.scrollLeft + list.clientWidth) { list.scrollLeft = right - list.clientWidth; }
  }
  document.addEventListener("DOMContentLoaded", showCurrentArea);
  document.addEventListener("htmx:after:swap", showCurrentArea);
})();
