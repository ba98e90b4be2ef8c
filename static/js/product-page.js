/* The variant picker (templates/oscar/catalogue/partials/variant_picker.html): choosing a
   variant shows its price and, when it has one, its picture. Without this script the
   picker still works; the page shows the group's "from" price and pictures. */
(function () {
    "use strict";

    function show(choice) {
        var price = document.querySelector(".product_main .product-detail__price");
        if (price && choice.getAttribute("data-price")) {
            price.textContent = choice.getAttribute("data-price");
        }
        var large = choice.closest(".variant-choice").querySelector("template.variant-choice__large");
        var slot = document.querySelector("#product_gallery .carousel-item.active");
        if (large && slot) {
            slot.replaceChildren(large.content.cloneNode(true));
        }
    }

    document.addEventListener("DOMContentLoaded", function () {
        var picker = document.querySelector("[data-variant-picker]");
        if (!picker) {
            return;
        }
        picker.addEventListener("change", function (event) {
            if (event.target.name === "child_id") {
                show(event.target);
            }
        });
        var chosen = picker.querySelector("input[name=child_id]:checked");
        if (chosen) {
            show(chosen);
        }
    });
}());
