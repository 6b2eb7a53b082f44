/* Accessible names the stock admin leaves out, added after the page is built.
 *
 * - select2 boxes (autocomplete fields): the combobox and its search field get
 *   the name of the field's <label>; the chosen items list is presentational.
 * - tabular inlines: header cells without text get a hidden "Row" label.
 * - a field in a table row (editable changelists such as the priority matrix,
 *   SLA targets and opening hours; tabular inlines such as the appointment
 *   hours) is named after its column and its row ("Priority – Impact: me,
 *   urgency: high"); the two boxes of a date-and-time field after the label
 *   and the words in front of each ("Reviewed – Date").
 * Translated words come from data attributes in admin/base_site.html.
 */
(function () {
    "use strict";

    function labelFor(select) {
        var label = select.id && document.querySelector('label[for="' + select.id + '"]');
        return label ? label.textContent.replace(/:\s*$/, "").trim() : select.name;
    }

    function nameSelect2(select) {
        var name = labelFor(select);
        var container = select.nextElementSibling;
        if (!container || !container.classList.contains("select2")) {
            return;
        }
        container.querySelectorAll(".select2-selection").forEach(function (box) {
            box.setAttribute("aria-label", name);
            box.removeAttribute("aria-labelledby");
        });
        container.querySelectorAll(".select2-selection__rendered[role=textbox]").forEach(function (shown) {
            shown.setAttribute("aria-label", name);
        });
        container.querySelectorAll(".select2-search__field").forEach(function (field) {
            field.setAttribute("aria-label", name);
        });
        container.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
            list.setAttribute("role", "presentation");
            list.querySelectorAll(":scope > li").forEach(function (item) {
                item.setAttribute("role", "presentation");
            });
        });
    }

    function hasName(control) {
        if (control.getAttribute("aria-label") || control.getAttribute("aria-labelledby")) {
            return true;
        }
        if (control.closest("label")) {
            return true;
        }
        return Boolean(control.id && document.querySelector('label[for="' + control.id + '"]'));
    }

    function cellText(cell) {
        return cell ? cell.textContent.replace(/\s+/g, " ").trim() : "";
    }

    function rowName(row, index) {
        var head = row.querySelector("th");
        var original = row.querySelector("td.original p");
        var text = cellText(original) || cellText(head);
        if (!text) {
            // The first cell that shows a value rather than a control.
            row.querySelectorAll("td").forEach(function (cell) {
                if (!text && !cell.querySelector("input:not([type=hidden]), select, textarea")) {
                    text = cellText(cell);
                }
            });
        }
        if (!text) {
            var select = row.querySelector("select");
            text = select && select.selectedOptions.length ? cellText(select.selectedOptions[0]) : "";
        }
        return text || String(index + 1);
    }

    function nameTableControls() {
        document.querySelectorAll("table").forEach(function (table) {
            var headers = table.querySelectorAll("thead th");
            table.querySelectorAll("tbody tr").forEach(function (row, index) {
                row.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (control) {
                    if (hasName(control)) {
                        return;
                    }
                    var cell = control.closest("td, th");
                    var column = cell ? headers[cell.cellIndex] : null;
                    var header = cellText(column) || control.name.split("-").pop();
                    control.setAttribute("aria-label", header + " – " + rowName(row, index));
                });
            });
        });
    }

    function nameSplitFields() {
        document.querySelectorAll("p.datetime input, .datetime input").forEach(function (control) {
            if (!control.id || control.getAttribute("aria-label")) {
                return;
            }
            var base = control.id.replace(/_[01]$/, "");
            var label = document.querySelector('label[for="' + base + '_0"], label[for="' + base + '"]');
            var words = control.previousSibling && control.previousSibling.nodeType === 3
                ? control.previousSibling.textContent.replace(/[:\s]+$/, "").trim()
                : "";
            var name = cellText(label).replace(/:\s*$/, "");
            control.setAttribute("aria-label", words ? name + " – " + words : name);
        });
    }

    function nameAll() {
        nameSplitFields();
        nameTableControls();
        document.querySelectorAll("select.admin-autocomplete").forEach(nameSelect2);
        var text = document.getElementById("admin-a11y-text");
        var row = text ? text.dataset.row : "Row";
        document.querySelectorAll(".tabular thead th").forEach(function (cell) {
            if (!cell.textContent.trim()) {
                var hidden = document.createElement("span");
                hidden.className = "visually-hidden";
                hidden.textContent = row;
                cell.appendChild(hidden);
            }
        });
    }

    function labelIcons() {
        // SelectFilter2's magnifier: an aria-label on a plain span is not allowed.
        document.querySelectorAll(".search-label-icon[aria-label]").forEach(function (icon) {
            icon.setAttribute("role", "img");
        });
    }

    function start() {
        nameAll();
        labelIcons();
        // select2 redraws its box when the choice changes.
        document.addEventListener("change", function (event) {
            if (event.target.matches && event.target.matches("select.admin-autocomplete")) {
                nameSelect2(event.target);
            }
        });
        document.addEventListener("focusin", function (event) {
            var select = event.target.closest && event.target.closest(".select2");
            if (select && select.previousElementSibling) {
                nameSelect2(select.previousElementSibling);
            }
        });
    }

    // select2 and the filter widgets are built by the admin's own ready and
    // load handlers, whose order against ours is not fixed: name what they
    // add whenever they add it, and once more after loading.
    document.addEventListener("DOMContentLoaded", function () {
        var pending = false;
        new MutationObserver(function () {
            if (!pending) {
                pending = true;
                Promise.resolve().then(function () {
                    pending = false;
                    nameAll();
                    labelIcons();
                });
            }
        }).observe(document.body, {childList: true, subtree: true});
        window.addEventListener("load", start);
    });
})();
