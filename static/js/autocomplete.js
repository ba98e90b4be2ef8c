/* Search suggestions for the header search box: an ARIA 1.2 combobox with a listbox.
   Typing asks /search/autocomplete/ (debounced); ↓/↑ move through the suggestions,
   Enter opens the highlighted one (or searches as usual when none is), Escape closes.
   Without JavaScript the box is a plain search form. */
(function () {
    "use strict";
    var DELAY = 150;
    var KINDS = {product: "Product", category: "Category", page: "Article"};

    function setup(input) {
        var url = input.getAttribute("data-autocomplete-url");
        var list = document.getElementById(input.getAttribute("aria-controls"));
        var timer = null, active = -1, items = [], latest = 0;

        function close() {
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
        }

        function highlight(index) {
            var options = list.querySelectorAll("[role=option]");
            options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
            active = index;
            if (index >= 0) {
                input.setAttribute("aria-activedescendant", options[index].id);
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function show(suggestions) {
            items = suggestions;
            list.textContent = "";
            if (!items.length) { close(); return; }
            items.forEach(function (item, i) {
                var li = document.createElement("li");
                li.id = list.id + "-" + i;
                li.setAttribute("role", "option");
                li.setAttribute("aria-selected", "false");
                li.className = "site-search__option";
                var label = document.createElement("span");
                label.textContent = item.label;
                var kind = document.createElement("span");
                kind.className = "site-search__kind";
                kind.textContent = KINDS[item.kind] || item.kind;
                li.appendChild(label);
                li.appendChild(kind);
                li.addEventListener("mousedown", function (event) {
                    event.preventDefault();  // keep focus in the box until we navigate
                    window.location.assign(item.url);
                });
                list.appendChild(li);
            });
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
            highlight(-1);
        }

        function ask() {
            var q = input.value.trim();
            if (q.length < 2) { close(); return; }
            var ticket = ++latest;
            fetch(url + "?q=" + encodeURIComponent(q), {headers: {Accept: "application/json"}})
                .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
                .then(function (data) { if (ticket === latest) { show(data.suggestions || []); } })
                .catch(close);
        }

        input.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(ask, DELAY);
        });
        input.addEventListener("keydown", function (event) {
            if (list.hidden) {
                if (event.key === "ArrowDown" && input.value.trim().length >= 2) { ask(); event.preventDefault(); }
                return;
            }
            if (event.key === "ArrowDown") {
                highlight((active + 1) % items.length);
                event.preventDefault();
            } else if (event.key === "ArrowUp") {
                highlight(active <= 0 ? items.length - 1 : active - 1);
                event.preventDefault();
            } else if (event.key === "Enter" && active >= 0) {
                event.preventDefault();
                window.location.assign(items[active].url);
            } else if (event.key === "Escape") {
                close();
                event.preventDefault();
            }
        });
        input.addEventListener("blur", function () { setTimeout(close, 100); });
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("input[data-autocomplete-url]").forEach(setup);
    });
}());
