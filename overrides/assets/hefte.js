/* hefte's few corrections to material's behaviour, for readers using the keyboard, a screen reader or a phone.
   No request to any other host; every part says what it corrects and why. */
(function () {
  "use strict";

  /* Search: material reads the field on `keyup` only. A character that arrives without a key event of its own
     (å/æ/ø from a compose or dead key, a phone keyboard's suggestion, dictation, paste) was not searched until
     the next key: «blå» was searched as «bl», «å» alone not at all. Every `input` is passed on as a keyup. */
  var query = document.querySelector("[data-md-component=search-query]");
  if (query) {
    query.addEventListener("input", function (event) {
      if (!event.isComposing) query.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    });
    query.addEventListener("compositionend", function () {
      query.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    });
  }

  /* hefte's buttons for material's toggles (the menu, the search: material's were labels the keyboard could not
     reach). A click from the keyboard (detail 0: Enter or Space) takes the focus into what it opened. */
  var byKeyboard = false;
  document.querySelectorAll("button[data-hefte-toggle]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      byKeyboard = event.detail === 0;
      document.getElementById(button.getAttribute("data-hefte-toggle")).click();
      byKeyboard = false;
    });
  });

  /* The drawer (the menu at narrow widths): its button says whether it is open, and Escape closes it and gives
     the focus back to the button. Its links are out of the tab order while it is closed (hefte.css). */
  var drawer = document.getElementById("__drawer");
  var menu = document.querySelector("button[data-hefte-toggle='__drawer']");
  if (drawer && menu) {
    drawer.addEventListener("change", function () {
      menu.setAttribute("aria-expanded", String(drawer.checked));
      if (drawer.checked && byKeyboard) setTimeout(function () {  /* once shown: the first link on the top panel */
        var links = document.querySelectorAll(".md-sidebar--primary a[href]");
        for (var i = 0; i < links.length; i++) {
          if (getComputedStyle(links[i]).visibility === "visible") return links[i].focus();
        }
      }, 50);
    });
    /* A panel's title goes back to the panel under it (material: a label, by mouse only); Enter opens a
       focused label (material). */
    document.querySelectorAll(".md-nav--primary .md-nav .md-nav__title[for]").forEach(function (title) {
      title.setAttribute("tabindex", "0");
      title.addEventListener("click", function () {  /* the focus goes to the entry that opened the panel */
        var item = title.closest(".md-nav__item");
        var entry = item && (item.querySelector(":scope > .md-nav__container > a") ||
                             item.querySelector(":scope > label.md-nav__link"));
        if (entry) setTimeout(function () { entry.focus(); }, 50);
      });
    });
    /* Tabbing out of the open menu closes it: the page under it is where the focus went. */
    document.addEventListener("focusin", function (event) {
      if (drawer.checked && !event.target.closest(".md-sidebar--primary") && event.target !== menu) drawer.click();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) {
        drawer.click();
        menu.focus();
      }
    });
  }

  /* Search: Escape closes it (material) and gives the focus back to where the reader opened it: the search
     button at narrow widths, the search field in the header at wider ones (material left it on the page, so the
     next Tab went on from the last menu link). The field is focused without opening the search again; typing
     in it opens it. */
  var search = document.getElementById("__search");
  var trigger = document.querySelector("button.md-header__button[data-hefte-toggle='__search']");
  var quiet = false;
  /* material opens the search when the field gets the focus: it watches `focus` on the field and `focusin` on
     the page (the latter a millisecond later). Both are kept from it while hefte gives the field the focus back.
     Only `focus` was: when the focus came back more than that millisecond after material saw it go (a slow
     phone, a busy machine), material took the `focusin` for the reader's own and opened the search again. */
  ["focus", "focusin"].forEach(function (type) {
    window.addEventListener(type, function (event) {
      if (quiet && event.target === query) event.stopPropagation();
    }, true);
  });
  if (search && query) {
    search.addEventListener("change", function () {
      if (trigger) trigger.setAttribute("aria-expanded", String(search.checked));
      /* material focuses the field on the button's click, before the search is shown (hidden until then at
         phone widths, hefte.css): focus it once it is. */
      if (search.checked && !document.activeElement.closest(".md-search")) query.focus();
    });
    window.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !event.target.closest || !event.target.closest(".md-search")) return;
      setTimeout(function () {  /* after material has closed the search */
        if (search.checked) return;
        if (trigger && trigger.getClientRects().length) {
          trigger.focus();
        } else {
          quiet = true;
          query.focus();
          quiet = false;
        }
      }, 0);
    });
    query.addEventListener("input", function () {
      if (!search.checked) search.click();
    });
  }

  /* A table wider than the page scrolls in its frame: the frame is a named region in the tab order, so the
     keyboard can scroll it (axe scrollable-region-focusable, WCAG 2.1.1). Only frames that scroll: a table
     that fits is no extra Tab stop. */
  function frameTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (frame) {
      var scrolls = frame.scrollWidth > frame.clientWidth + 1;
      if (scrolls && !frame.hasAttribute("tabindex")) {
        var caption = frame.querySelector("caption");
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        frame.setAttribute("aria-label", caption ? caption.textContent.trim() : "Tabell");
      } else if (!scrolls && frame.getAttribute("role") === "region") {
        ["tabindex", "role", "aria-label"].forEach(function (name) { frame.removeAttribute(name); });
      }
    });
  }
  /* The colour toggle (light, dark, as the system): material shows the current choice's button but leaves its
     radio unchecked, so Tab went to the first radio, whose button may be hidden: a focus nobody could see. */
  function markPalette() {
    document.querySelectorAll("[data-md-component=palette] .md-option").forEach(function (input) {
      var label = input.nextElementSibling;
      if (label && !label.hidden) input.checked = true;
    });
  }

  frameTables();
  markPalette();
  window.addEventListener("load", markPalette);
  window.addEventListener("resize", frameTables);
  window.addEventListener("load", frameTables);
})();
