"""What the sanitizer removed, named for the writer: a diff of elements and attributes before and after."""

from factcheck.sanitize import clean_html_report, removed_by_cleaning


def test_names_each_removed_element_and_attribute_once_with_counts():
    typed = (
        '<p onclick="steal()" style="color:red">Hi <span class="x">there</span></p><script>bad()</script>'
        '<p onclick="again()"><img src="x.png"></p>'
    )
    assert removed_by_cleaning(typed) == [  # elements, then attributes, each in the order first seen
        "a <span> element (its text is kept)",
        "a <script> element",
        "an <img> element",
        "2 onclick attributes",
        "a style attribute",
    ]


def test_a_javascript_link_is_named_as_such():
    assert removed_by_cleaning('<p><a href="javascript:alert(1)">x</a></p>') == ["a javascript: link address"]


def test_allowed_html_and_what_the_linker_adds_report_nothing():
    typed = (
        '<h2>Why</h2><p>See <a href="https://example.org/a" title="Source">the <strong>registry</strong></a>'
        "<br>and <em>this</em>.</p><ul><li><p>one</p></li></ul><ol><li>two</li></ol><blockquote><p>q</p>"
        "</blockquote><p>https://example.org/bare</p>"
    )
    cleaned, removed = clean_html_report(typed)
    assert removed == []
    assert 'rel="nofollow noopener noreferrer"' in cleaned


def test_empty_and_plain_text_report_nothing():
    assert removed_by_cleaning("") == [] and removed_by_cleaning("just words") == []
