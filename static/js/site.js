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
