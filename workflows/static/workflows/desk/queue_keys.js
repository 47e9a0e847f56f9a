/* Keyboard shortcuts for the claim queue and the claim page (Factdesk desk).
 *
 * Queue:      j / k  move to the next / previous claim (its link is focused: Enter opens it)
 *             x      select or unselect that claim for a bulk action
 *             /      search
 * Claim page: n or j next claim of the same queue view, k previous claim
 *             a      open the Assign form, d open the Dismiss form
 *
 * Keys are ignored while typing in a field (input, textarea, select, rich-text editor) and with
 * Ctrl, Alt or Cmd held, so they never eat a character or a browser shortcut. A static file: the
 * Content-Security-Policy allows no inline script.
 */
(function () {
  "use strict";

  function typing(target) {
    if (!target || target === document.body) {
      return false;
    }
    if (target.isContentEditable) {
      return true;
    }
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || tag === "OPTION";
  }

  var statusLine = null;

  // What the keys say, in the page's language: data-text-* on the shortcuts line (_queue_nav.html).
  function text(name, english) {
    var help = document.getElementById("fd-shortcuts");
    var key = "text" + name.charAt(0).toUpperCase() + name.slice(1);
    return (help && help.dataset[key]) || english;
  }

  function say(text) {
    if (!statusLine) {
      var help = document.getElementById("fd-shortcuts");
      if (!help) {
        return;
      }
      statusLine = document.createElement("span");
      statusLine.className = "fd-key-status";
      statusLine.setAttribute("role", "status");
      help.appendChild(statusLine);
    }
    statusLine.textContent = " " + text;
  }

  // --- the queue -------------------------------------------------------------------------------

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("#result_list tbody tr"));
  }

  function currentRow(all) {
    var active = document.activeElement;
    for (var i = 0; i < all.length; i++) {
      if (all[i].classList.contains("fd-cursor") || (active && all[i].contains(active))) {
        return i;
      }
    }
    return -1;
  }

  function moveTo(all, index) {
    if (!all.length) {
      return;
    }
    index = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (row) { row.classList.remove("fd-cursor"); });
    var row = all[index];
    row.classList.add("fd-cursor");
    var link = row.querySelector(".field-claim_in_context a");
    if (link) {
      link.focus({preventScroll: true});
    }
    row.scrollIntoView({block: "nearest"});
  }

  function onQueue(key) {
    var all = rows();
    var at = currentRow(all);
    if (key === "j") {
      moveTo(all, at + 1);
      return true;
    }
    if (key === "k") {
      moveTo(all, at < 0 ? 0 : at - 1);
      return true;
    }
    if (key === "x" && at >= 0) {
      var box = all[at].querySelector("input.action-select");
      if (box) {
        box.click();  // through the admin's own handler, so the "n of m selected" counter follows
      }
      return true;
    }
    if (key === "/") {
      var search = document.getElementById("searchbar");
      if (search) {
        search.focus();
        search.select();
        return true;
      }
    }
    return false;
  }

  // --- the claim page ----------------------------------------------------------------------------

  function follow(id, missing) {
    var link = document.getElementById(id);
    if (link) {
      window.location.href = link.href;
    } else {
      say(missing);
    }
    return true;
  }

  function openForm(action, label) {
    var details = document.querySelector('details[data-action="' + action + '"]');
    if (!details) {
      say(text("notNow", "{action} is not something you can do to this claim now.").replace("{action}", label));
      return true;
    }
    details.open = true;
    details.scrollIntoView({block: "center"});
    var field = details.querySelector("form select, form input:not([type=hidden]), form textarea");
    if (field) {
      field.focus();
    }
    return true;
  }

  function onClaim(key) {
    if (key === "n" || key === "j") {
      return follow("fd-next-claim", text("last", "This is the last claim in this view of the queue."));
    }
    if (key === "k") {
      return follow("fd-previous-claim", text("first", "This is the first claim in this view of the queue."));
    }
    if (key === "a") {
      return openForm("assign", text("assigning", "Assigning"));
    }
    if (key === "d") {
      return openForm("dismiss", text("dismissing", "Dismissing"));
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) {
      return;
    }
    if (typing(event.target)) {
      return;
    }
    var key = event.key;
    var handled = false;
    if (document.getElementById("result_list") && document.body.classList.contains("fd-queue")) {
      handled = onQueue(key);
    } else if (document.querySelector(".fd-queue-nav")) {
      handled = onClaim(key);
    }
    if (handled) {
      event.preventDefault();
    }
  });
}());
