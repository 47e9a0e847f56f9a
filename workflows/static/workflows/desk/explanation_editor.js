// The verdict explanation's rich-text editor and its live preview.
//
// django-prose-editor's ProseMirror build, imported by path (the CSP allows no inline import map), with
// only what the desk's sanitizer keeps: paragraphs, line breaks, bold, italic, links (no target), lists,
// quotes, headings h2-h4, and the HTML view for pasting. The textarea stays the form field (the editor
// writes into it), so without JavaScript the form works as a plain HTML box.
//
// The preview is the server's answer (POST .../draft/preview/): the sanitizer's own output and what it
// would remove, so the writer sees exactly what readers will see before saving.
import {
  Blockquote, Bold, BulletList, Document, Dropcursor, Gapcursor, HardBreak, Heading, History, HTML, Italic,
  Link, ListItem, Menu, OrderedList, Paragraph, Text, createTextareaEditor,
} from "../../django_prose_editor/editor.js";

const WAIT_MS = 400;

function extensions() {
  return [
    Document, Paragraph, Text, HardBreak, Dropcursor, Gapcursor, History, Menu, HTML, Bold, Italic,
    Link.configure({ openOnClick: false, HTMLAttributes: { target: null, rel: null, class: null } }),
    BulletList, OrderedList, ListItem, Blockquote, Heading.configure({ levels: [2, 3, 4] }),
  ];
}

function csrfToken(form) {
  const input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function setUpPreview(textarea) {
  const box = document.querySelector(`[data-preview-for="${textarea.id}"]`);
  if (!box) return;
  const target = box.querySelector(".fd-preview");
  const removed = box.querySelector(".fd-removed");
  let timer = null;
  let asked = 0;
  async function refresh() {
    const mine = ++asked;
    const body = new FormData();
    body.append("explanation", textarea.value);
    try {
      const response = await fetch(box.dataset.previewUrl, {
        method: "POST", body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(textarea.form), Accept: "application/json" },
      });
      if (!response.ok || mine !== asked) return;
      const answer = await response.json();
      // The server's sanitizer output: the same HTML readers will get.
      // The sentences come translated from the page (data-text-* on the preview box, _draft_form.html).
      if (answer.html) {
        target.innerHTML = answer.html;
      } else {
        target.replaceChildren(Object.assign(document.createElement("p"), {
          className: "fd-muted", textContent: box.dataset.textEmpty || "(nothing yet)",
        }));
      }
      removed.textContent = answer.removed.length
        ? (box.dataset.textRemoved || "Will be removed when you save: {removed}.")
          .replace("{removed}", answer.removed.join(", "))
        : "";
    } catch (error) {
      removed.textContent = box.dataset.textUnavailable
        || "The preview is not available just now; saving still works.";
    }
  }
  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, WAIT_MS);
  });
  box.hidden = false;
  refresh();
}

function setUp(textarea) {
  if (textarea.closest(".prose-editor")) return;
  const editor = createTextareaEditor(textarea, extensions());
  // The editable area is what people type in: give it the field's name for screen readers.
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  const area = editor.view.dom;
  area.setAttribute("role", "textbox");
  area.setAttribute("aria-multiline", "true");
  if (label) area.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
  setUpPreview(textarea);
}

for (const textarea of document.querySelectorAll("textarea[data-explanation-editor]")) {
  setUp(textarea);
}
