/* Add a claim the model missed: record what the editor selects in the article's text as offsets into
 * the article's raw text, in the hidden start/end fields of the "Add the selected claim" form.
 *
 * Loaded from /static/ (the CSP allows no inline script). The text box is filled from the JSON copy of
 * the raw text (#fd-article-raw), so it holds exactly the stored characters (the HTML parser turns CRLF
 * into LF; textContent keeps them). Browsers count UTF-16 units; the server (Python) counts code points,
 * so offsets are converted: an emoji before the claim counts once, as it does on the server. The server
 * trims blank space around the selection and checks the bounds again.
 */
(function () {
  "use strict";
  var box = document.getElementById("fd-article-text");
  var data = document.getElementById("fd-article-raw");
  var form = document.getElementById("fd-add-selection");
  if (!box || !data || !form) {
    return;
  }
  var raw = JSON.parse(data.textContent);
  if (box.textContent !== raw || box.childNodes.length !== 1) {
    box.textContent = raw;
  }
  var node = box.firstChild;
  var startField = form.querySelector("input[name=start]");
  var endField = form.querySelector("input[name=end]");
  var shown = form.querySelector("[data-role=selection]");
  // "Selected: “…”" in the page's language (data-text-selected on the line, _add_claim.html).
  function selected(text) {
    return (shown.dataset.textSelected || "Selected: “{text}”").replace("{text}", text);
  }
  var pending = null;

  function codePoints(units) {
    // UTF-16 units → code points, as Python indexes the raw text.
    var count = 0;
    for (var i = 0; i < units; i += 1) {
      var code = raw.charCodeAt(i);
      if (code >= 0xD800 && code <= 0xDBFF && i + 1 < units) {
        var next = raw.charCodeAt(i + 1);
        if (next >= 0xDC00 && next <= 0xDFFF) {
          i += 1;
        }
      }
      count += 1;
    }
    return count;
  }

  function unitsAt(container, offset, atEnd) {
    // A selection end → UTF-16 offset in the raw text; ends outside the box clamp to its edges.
    if (container === node) {
      return offset;
    }
    if (container === box) {
      return offset === 0 ? 0 : raw.length;
    }
    if (box.contains(container)) {
      return atEnd ? raw.length : 0;
    }
    var position = box.compareDocumentPosition(container);
    // eslint-disable-next-line no-bitwise
    return (position & Node.DOCUMENT_POSITION_PRECEDING) ? 0 : raw.length;
  }

  function record() {
    pending = null;
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return; // keep the last selection: clicking the button or the speaker field must not lose it
    }
    var range = selection.getRangeAt(0);
    if (!range.intersectsNode(box)) {
      return;
    }
    var start = unitsAt(range.startContainer, range.startOffset, false);
    var end = unitsAt(range.endContainer, range.endOffset, true);
    var text = raw.slice(start, end).trim();
    if (!text) {
      return;
    }
    startField.value = String(codePoints(start));
    endField.value = String(codePoints(end));
    shown.textContent = selected(text.length > 400 ? text.slice(0, 399) + "…" : text);
    form.classList.add("has-selection");
  }

  // A refused attempt comes back with its offsets kept (code points): show what they select.
  if (startField.value && endField.value) {
    var kept = Array.from(raw).slice(Number(startField.value), Number(endField.value)).join("").trim();
    if (kept) {
      shown.textContent = selected(kept.length > 400 ? kept.slice(0, 399) + "…" : kept);
    }
  }

  document.addEventListener("selectionchange", function () {
    if (pending === null) {
      pending = window.setTimeout(record, 80);
    }
  });
  form.addEventListener("submit", function () {
    if (pending !== null) {
      window.clearTimeout(pending);
      record();
    }
  });
}());
