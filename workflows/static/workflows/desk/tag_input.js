/* The claim page's tag fields (workflows/desk/tags.py): several tags in one box, separated by commas.
   A <datalist> suggests whole values, so while the editor types the last tag, each suggestion is offered
   as "the tags already typed, the suggestion": picking one completes the last tag and keeps the others.
   Tags already in the box are not offered again. Without this script the list still helps with the first tag. */
(function () {
  "use strict";
  function setUp(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    var own = document.createElement("datalist");
    own.id = list.id + "-" + input.id;
    input.setAttribute("list", own.id);
    list.parentNode.appendChild(own);
    var words = Array.prototype.map.call(list.options, function (o) { return o.value; });
    function refresh() {
      var value = input.value;
      var cut = value.lastIndexOf(",");
      var head = cut >= 0 ? value.slice(0, cut + 1) + " " : "";
      var typed = head.split(",").map(function (t) { return t.trim().toLowerCase(); });
      while (own.firstChild) { own.removeChild(own.firstChild); }
      words.forEach(function (word) {
        if (typed.indexOf(word.toLowerCase()) >= 0) { return; }
        var option = document.createElement("option");
        option.value = head + word;
        own.appendChild(option);
      });
    }
    input.addEventListener("input", refresh);
    input.addEventListener("focus", refresh);
  }
  document.querySelectorAll("input[data-tag-input]").forEach(setUp);
})();
