"""A generator of realistic news articles from sentence templates, for fault, load and benchmark runs.

Deterministic for a seed, so two runs (a clean one and one with faults) build the very same corpus.
Each article mixes check-worthy sentences (figures, costs, firsts, approvals, attributed statements)
with the chrome and opinion a scraped page carries, so the pipeline does its real work.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

PLACES = ["Minsk", "Almaty", "Moscow", "Riga", "Tbilisi", "Vilnius", "Tallinn", "Baku", "Yerevan", "Kyiv"]
CENTRES = [
    "National Cancer Centre",
    "Regional Children's Hospital",
    "Institute of Haematology",
    "University Clinic",
    "Centre for Cell Therapy",
    "Academy of Medical Sciences",
]
PEOPLE = [
    "Anna Petrova",
    "Ivan Sokolov",
    "Maria Kuznetsova",
    "Dmitri Volkov",
    "Elena Smirnova",
    "Sergei Morozov",
    "Olga Pavlova",
    "Nikolai Orlov",
    "Irina Lebedeva",
    "Pavel Novikov",
]
THERAPIES = ["CAR-T therapy", "the mRNA vaccine", "gene therapy", "proton therapy", "the new antibody drug"]

FACTS = [
    "The {centre} in {place} treated {n} patients with {therapy} in {year}.",
    "Of them, {pct}% have been fully cured, according to {person}.",
    "One course of {therapy} costs about €{money},000 in Western Europe, {person} said.",
    "In {place} the same treatment costs the equivalent of ${money2},000.",
    "The {centre} was the first in the region to receive regulatory approval for {therapy}.",
    "It is the only clinic in {place} that offers {therapy}, the ministry said.",
    "The trial enrolled {n2} volunteers between {year} and {year2}.",
    "The centre plans to manufacture up to {cap} doses annually starting in {year2}.",
    "Survival rates rose by up to {pct}% compared with chemotherapy, {person} told reporters.",
    "The government allocated {money} million roubles to the programme in {year}.",
]
SOFT = [
    "We hope to continue this important work, the director noted.",
    "It is a great honour to be part of this team.",
    "What does this mean for patients?",
    "Many experts believe the future of medicine lies in personalised care.",
    "The atmosphere at the conference was warm and friendly.",
]
CHROME = ["Home", "All news", "Follow us on:", "Photo: Press Service", "Source: Ministry of Health", "Share"]


def _build(index: int, seed: int) -> tuple[str, str, list[tuple[str, bool]]]:
    """(title, text, [(sentence, is_fact), ...] in text order): one article and the sentences it is made of."""
    rng = random.Random(seed * 1_000_003 + index)
    values = {
        "centre": rng.choice(CENTRES),
        "place": rng.choice(PLACES),
        "person": rng.choice(PEOPLE),
        "therapy": rng.choice(THERAPIES),
        "n": rng.randint(20, 900),
        "n2": rng.randint(10, 300),
        "pct": rng.randint(5, 95),
        "money": rng.randint(40, 900),
        "money2": rng.randint(10, 90),
        "year": rng.randint(2015, 2025),
        "year2": rng.randint(2026, 2030),
        "cap": rng.choice([60, 300, 600, 1200]),
    }
    title = f"{values['centre']} in {values['place']} reports results of {values['therapy']} (#{index})"
    paragraphs = []
    parts: list[tuple[str, bool]] = []
    for _ in range(rng.randint(3, 6)):
        sentences = [rng.choice(FACTS).format(**values) for _ in range(rng.randint(2, 4))]
        parts += [(sentence, True) for sentence in sentences]
        if rng.random() < 0.5:
            sentences.append(rng.choice(SOFT))
            parts.append((sentences[-1], False))
        paragraphs.append(" ".join(sentences))
    chrome_top = rng.sample(CHROME[:3], 2)
    body = "\n\n".join(paragraphs)
    text = "\n".join(chrome_top) + f"\n\n{title}\n\n{body}\n\nReport number {index}.\n" + rng.choice(CHROME[3:])
    return title, text, parts


def article(index: int, *, seed: int = 0) -> tuple[str, str]:
    """(title, text) of article ``index``; the same index and seed always give the same article."""
    title, text, _ = _build(index, seed)
    return title, text


def article_with_facts(index: int, *, seed: int = 0) -> tuple[str, str, list[tuple[int, int, str]]]:
    """Article ``index`` as ``article`` builds it, with the (start, end, sentence) of each check-worthy
    sentence in its text: what a bulk loader stores as claims without running the extraction pipeline."""
    title, text, parts = _build(index, seed)
    facts, cursor = [], 0
    for sentence, is_fact in parts:
        start = text.index(sentence, cursor)
        cursor = start + len(sentence)
        if is_fact:
            facts.append((start, cursor, sentence))
    return title, text, facts


def corpus(count: int, *, seed: int = 0) -> list[tuple[str, str]]:
    return [article(i, seed=seed) for i in range(count)]


def tiny_claimbuster(path: Path, pairs: int) -> Path:
    """A ClaimBuster-shaped training file of ``pairs`` check-worthy and ``pairs`` other sentences, for training
    runs that must finish in a test: figures on one side, courtesies on the other."""
    checkable = [
        "Unemployment fell to {} percent last year.",
        "The bill cost ${} billion.",
        "We created {} million jobs.",
        "Taxes rose by {} percent under his plan.",
        "The deficit was ${} billion in {}.",
    ]
    other = ["Thank you, {}.", "I think we can do better, {}.", "Good evening, {}.", "We hope for the best, {}."]
    rows = []
    for i in range(pairs):
        rows.append({"sentence_id": i, "label": 1, "text": checkable[i % 5].format(i + 2, 1990 + i)})
        rows.append({"sentence_id": 100 + i, "label": 0, "text": other[i % 4].format(f"friend {i}")})
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path
