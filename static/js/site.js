/* Site behaviour that must work on every page, with or without Oscar's scripts.
   Loaded in <head>: it flags the document as scripted at once (so CSS can keep the
   mobile menu closed without a flash), then wires the menu toggle once the DOM exists. */
(function () {
    "use strict";
    var root = document.documentElement;
    root.className = root.className.replace(/\bno-js\b/, "") + " js";

    function setOpen(toggle, menu, open) {
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        menu.classList.toggle("is-open", open);
    }

    document.addEventListener("change", function (event) {
        var field = event.target;
        if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
            field.form.submit();
        }
    });

    /* Oscar's basket page saves quantity changes in place (AJAX) and redraws only the
       basket; the header's count and total would go on showing the old basket. */
    function followBasketUpdates() {
        var basket = window.oscar && window.oscar.basket;
        var link = document.querySelector(".site-basket");
        if (!basket || !basket.submitFormSuccess || !link) {
            return;
        }
        var redraw = basket.submitFormSuccess;
        basket.submitFormSuccess = function (data) {
            redraw(data);
            fetch(link.getAttribute("href"), {credentials: "same-origin"})
                .then(function (response) { return response.text(); })
                .then(function (html) {
                    var fresh = new DOMParser().parseFromString(html, "text/html").querySelector(".site-basket");
                    var current = document.querySelector(".site-basket");
                    if (fresh && current) { current.innerHTML = fresh.innerHTML; }
                });
        };
    }
    window.addEventListener("load", followBasketUpdates);

    /* A page from the page cache (pagecache/) was rendered for an empty basket: ask the
       server for this visitor's basket count and total. */
    function fillInVisitor() {
        var url = root.getAttribute("data-visitor-url");
        if (root.getAttribute("data-page-cache") !== "hit" || !url) {
            return;
        }
        fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (state) {
                if (!state) { return; }
                var count = document.querySelector(".site-basket__count");
                if (count) {
                    var items = state.basket.count;
                    count.firstChild.nodeValue = String(items);
                    count.querySelector(".sr-only").textContent = " item" + (items === 1 ? "" : "s");
                }
                var link = document.querySelector(".site-basket");
                var total = link && link.querySelector(".site-basket__total");
                if (link && state.basket.total && !total) {
                    total = document.createElement("span");
                    total.className = "site-basket__total";
                    link.appendChild(total);
                }
                if (total) { total.textContent = state.basket.total; }
                root.setAttribute("data-visitor", "ready");
            });
    }
    document.addEventListener("DOMContentLoaded", fillInVisitor);

    /* A listing's filters are folded behind "Filters" on phones only; browsers that can't
       unfold them in CSS (::details-content) get them opened here on wider screens. */
    document.addEventListener("DOMContentLoaded", function () {
        if (window.matchMedia("(min-width: 992px)").matches) {
            document.querySelectorAll("details[data-filters]").forEach(function (panel) { panel.open = true; });
        }
    });

    document.addEventListener("DOMContentLoaded", function () {
        var toggle = document.querySelector(".site-menu-toggle");
        var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
        if (!menu) {
            return;
        }
        toggle.addEventListener("click", function () {
            setOpen(toggle, menu, toggle.getAttribute("aria-expanded") !== "true");
        });
        document.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
                setOpen(toggle, menu, false);
                toggle.focus();
            }
        });
    });
}());
