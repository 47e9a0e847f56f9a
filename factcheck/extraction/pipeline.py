"""``extract``: raw article text in, located and scored sentences out.

Cleaning keeps offsets into the raw text, splitting works inside each kept block, and scoring runs
once per article on all sentences together (the model is vectorised, per-sentence calls are slow).
The article's language is detected once, first (``language.detect_article_language``), and every step
reads the article in it: the splitter's abbreviations, the figures, the claim types and the scores.
"""

from __future__ import annotations

from .attribution import attribute_speakers
from .claim_types import classify_claim_type
from .cleaning import HEADING, clean
from .language import detect_article_language
from .scoring import explain_sentences
from .splitting import split_spans
from .types import QUEUE_THRESHOLD, ExtractionResult, Sentence


def _locate_sentences(raw: str, blocks, language: str = "en") -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of every sentence of every non-heading block, in reading order."""
    located = []
    paragraph = 0
    for block in blocks:
        if block.kind == HEADING:
            continue
        for start, end in split_spans(raw[block.body_start : block.end], block.body_start, language):
            located.append((start, end, paragraph))
        paragraph += 1
    return located


def _context(texts: list[str], paragraphs: list[int], index: int) -> str:
    """The sentence with its neighbours from the same paragraph: what an editor reads to judge it."""
    parts = [texts[index]]
    if index > 0 and paragraphs[index - 1] == paragraphs[index]:
        parts.insert(0, texts[index - 1])
    if index + 1 < len(texts) and paragraphs[index + 1] == paragraphs[index]:
        parts.append(texts[index + 1])
    return " ".join(parts)


def extract(raw_text: str, *, title: str | None = None, language: str = "en", detect: bool = True) -> ExtractionResult:
    """Clean ``raw_text``, split it into sentences and score, type and attribute each one.

    ``title`` is the headline when the caller knows it (its copies are removed from the body);
    ``language`` is the fallback when the text is too short or mixed to tell. ``detect=False``: the
    language is known (an editor corrected it) and every step reads the article in ``language``, as given:
    detection is what got it wrong.
    """
    raw_text = raw_text or ""
    if detect:
        language = detect_article_language(raw_text, default=language)
    cleaned = clean(raw_text, title=title, language=language)
    located = _locate_sentences(raw_text, cleaned.blocks, language)
    texts = [raw_text[start:end] for start, end, _ in located]
    paragraphs = [paragraph for _, _, paragraph in located]
    scored = explain_sentences(texts, language)
    speakers = attribute_speakers(list(zip(texts, paragraphs, strict=True)), None if detect else language)
    sentences = tuple(
        Sentence(
            text=texts[i],
            start=start,
            end=end,
            score=scored[i].probability,
            claim_type=classify_claim_type(texts[i], language),
            speaker=speakers[i],
            context=_context(texts, paragraphs, i),
            paragraph=paragraph,
            signals=scored[i].signals,
        )
        for i, (start, end, paragraph) in enumerate(located)
    )
    claims = tuple(sentence for sentence in sentences if sentence.score >= QUEUE_THRESHOLD)
    return ExtractionResult(
        title=cleaned.title,
        language=language,
        cleaned_text=cleaned.cleaned_text,
        sentences=sentences,
        claims=claims,
    )
