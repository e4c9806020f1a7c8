#!/usr/bin/env python3
"""Builds corpus/langid/train.tsv and train.provenance.tsv from allowed sources only.

Run from the repository root:  python3 corpus/langid/build/build_train.py
Needs Python 3.9+ and PyYAML. Reads only files of this repository (never ../shared):

- corpus/langid/doda/sentences.csv: 3,000 rows of DODa v1 (MIT + attribution, see doda/PROVENANCE.md);
  the darija side becomes `ary-Latn`, the english side `en`; the darija side written in Arabic script by
  build/arabic_script.py (our own rules) goes to heldout/doda-arabic.tsv, an evaluation file, not into train.tsv;
- corpus/procedures/*.yaml: every string under a `fr`, `ar`, `ary`, `ary_latn` or `en` key (titles, summaries,
  steps, documents, aliases, administration, fee conditions, validity, where to apply, variant labels), written
  for the project; `ar` is `arb`, `ary` is `ary-Arab`;
- corpus/questions/*.tsv: `label<TAB>text` questions written for the project.

Dropped: any line whose key is in build/outside-test-lines.txt (FLORES-200, Tatoeba test sets, NLLB-Seed),
any line also in a held-out file (heldout/*.tsv) or in a chat file of corpus/langid (chat, dialect, mixed, ...), any text
that occurs under two labels (its label would be a coin toss), and record terms without a dialect word.
Added: `secondary` = `fr` on Latin-script Darija lines with French words (code-switched, seen whole by the
trainer), and Darija lines generated from Standard Arabic record lines (see main). The output is sorted by
label, then source, and is the same on every run.
"""

import csv
import glob
import hashlib
import os
import re
import sys
import unicodedata

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arabic_script  # noqa: E402

LABELS = ["ary-Arab", "ary-Latn", "arb", "fr", "en", "es", "zgh-Tfng", "ber-Latn"]
RECORD_LANGS = {"fr": "fr", "ar": "arb", "ary": "ary-Arab", "ary_latn": "ary-Latn", "en": "en"}
ARABIC_SCRIPT = {"ary-Arab", "arb"}
# Record keys that hold no user-facing text in the five languages (sources are titles of outside pages).
SKIP_KEYS = {"sources", "notes", "legal_basis", "online_service", "id", "related"}

URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:ma|com|org|net|fr|gov)\b(?:/\S*)?", re.IGNORECASE)
EMAIL = re.compile(r"\S+@\S+")


def norm(text):
    """NFC; non-letters (other than decimal digits) become spaces; letters lower-cased; spaces collapsed."""
    out = []
    for c in unicodedata.normalize("NFC", text):
        cat = unicodedata.category(c)
        if cat[0] == "L" or cat == "Nd":
            low = c.lower()
            out.append(low if len(low) == 1 else c)
        else:
            out.append(" ")
    return " ".join("".join(out).split())


def key(text):
    return hashlib.sha256(norm(text).encode("utf-8")).hexdigest()[:16]


def script_of(word):
    arabic = latin = 0
    for c in word:
        if "\u0600" <= c <= "\u06ff":
            arabic += 1
        elif c.isalpha() and c < "\u0250":
            latin += 1
    return "arab" if arabic > latin else "latn" if latin > 0 else "none"


def clean(text, label):
    """One line of plain text: no URLs or e-mails, no words of the other script, no empty brackets."""
    text = " ".join(text.replace("\t", " ").split())
    text = EMAIL.sub(" ", URL.sub(" ", text))
    own = "arab" if label in ARABIC_SCRIPT else "latn"
    words = [w for w in text.split() if script_of(w) in (own, "none")]
    text = " ".join(words)
    text = re.sub(r"[(\[«\"]\s*[)\]»\"]", " ", text)  # "()" left by a removed acronym
    text = re.sub(r"\s+([,.;:!?،؛؟)])", r"\1", text)
    text = " ".join(text.split()).strip(" -–,;:")
    return text


def fold(text):
    """Words of a text for vocabulary checks: lower case, accents and Arabic harakat removed."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    kept = "".join(" " if not (unicodedata.category(c)[0] in "LN" or unicodedata.category(c) == "Mn") else c
                   for c in decomposed if unicodedata.category(c) != "Mn")
    return kept.split()


# Standard Arabic words and their Darija counterparts, for the generated lines below. Only words whose Darija form is
# unambiguous; a Standard sentence with one or two of them swapped reads like written Darija (news, translations).
MSA_TO_DARIJA = {
    "الذي": "اللي", "التي": "اللي", "الذين": "اللي", "اللذين": "اللي", "اللتين": "اللي",
    "هذا": "هاد", "هذه": "هاد", "هؤلاء": "هادو", "الآن": "دابا", "كثيرا": "بزاف", "جدا": "بزاف",
    "سوف": "غادي", "لكي": "باش", "لأن": "حيت", "ليس": "ماشي", "ليست": "ماشي", "هناك": "كاين",
    "ماذا": "شنو", "كيف": "كيفاش", "أين": "فين", "هل": "واش", "متى": "إمتى", "لماذا": "علاش",
    "أريد": "بغيت", "نريد": "بغينا", "يجب": "خاص", "شيء": "حاجة", "فقط": "غير", "أيضا": "حتى",
}


def darija_variant(text, seed):
    """The sentence with 1 to 3 Standard words swapped for Darija ones (and "للX" -> "ديال الX"), or None."""
    words = text.split(" ")
    spots = []
    for i, w in enumerate(words):
        core = w.strip("،,.;:!?؟()«»\"")
        if core in MSA_TO_DARIJA:
            spots.append((i, w.replace(core, MSA_TO_DARIJA[core], 1)))
        elif core.startswith("لل") and len(core) > 4:
            spots.append((i, w.replace(core, "ديال ال" + core[2:], 1)))
    if not spots:
        return None
    h = int(hashlib.sha256(f"{seed}:{text}".encode("utf-8")).hexdigest(), 16)
    k = 1 + h % min(3, len(spots))
    chosen = sorted(sorted(spots, key=lambda s: hashlib.sha256(f"{h}:{s[0]}".encode()).hexdigest())[:k])
    out = list(words)
    for i, replacement in chosen:
        out[i] = replacement
    return " ".join(out)


def is_dev(text):
    """Same split as LangIdDataset.IsDev: first byte of SHA-256(UTF-8 text) % 10 == 0."""
    return hashlib.sha256(text.encode("utf-8")).digest()[0] % 10 == 0


def letters(text):
    return sum(1 for c in text if c.isalpha())


def record_strings(node, path, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k in SKIP_KEYS:
                continue
            if k in RECORD_LANGS:
                for sub, s in flatten(v, f"{path}.{k}" if path else k):
                    out.append((RECORD_LANGS[k], sub, s))
            else:
                record_strings(v, f"{path}.{k}" if path else str(k), out)
    elif isinstance(node, list):
        for i, x in enumerate(node):
            record_strings(x, f"{path}[{i}]", out)


def flatten(v, path):
    if isinstance(v, str):
        yield path, v
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from flatten(x, f"{path}[{i}]")
    elif isinstance(v, dict):
        for k, x in v.items():
            yield from flatten(x, f"{path}.{k}")


def read_tsv_texts(path):
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if cells[0] == "label":
                continue
            texts.append(cells[-1])
    return texts


def main():
    root = os.getcwd()
    langid = os.path.join(root, "corpus", "langid")
    if not os.path.isdir(langid):
        sys.exit("run from the repository root")

    with open(os.path.join(langid, "build", "outside-test-lines.txt"), encoding="utf-8") as f:
        forbidden = {line.strip() for line in f if line.strip() and not line.startswith("#")}

    # Lines the trainer already sees as chat, and the held-out set: never copied into train.tsv.
    other = set()
    for path in sorted(glob.glob(os.path.join(langid, "*.tsv"))):
        name = os.path.basename(path)
        if name in ("train.tsv", "train.provenance.tsv"):
            continue
        other.update(norm(t) for t in read_tsv_texts(path))
    # heldout/doda-arabic.tsv is this script's own output, filtered against the training lines below instead.
    heldout = {norm(t) for path in sorted(glob.glob(os.path.join(langid, "heldout", "*.tsv")))
               if os.path.basename(path) != "doda-arabic.tsv" for t in read_tsv_texts(path)}

    candidates = []  # (label, source, text)
    doda_arabic = []
    lexicon = arabic_script.load_lexicon(os.path.join(root, "corpus", "lexicon", "arabizi.tsv"))

    with open(os.path.join(langid, "doda", "sentences.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            n = row["row"]
            candidates.append(("ary-Latn", f"DODa-v1-MIT:sentences.csv:row {n}:darija", " ".join(row["darija"].split())))
            candidates.append(("en", f"DODa-v1-MIT:sentences.csv:row {n}:english", " ".join(row["english"].split())))
            # The same Darija sentence in Arabic script (build/arabic_script.py) goes to the held-out folder, not into
            # training: trained on (all rows, or one in 3), it cost 1-2 points of Standard Arabic F1 on
            # heldout/realchat.tsv (see corpus/langid/README.md); it stays as a check on Darija written by others.
            arabic = arabic_script.sentence_to_arabic(row["darija"], lexicon)
            if letters(arabic) >= 4 and len(arabic.split()) >= 2:
                doda_arabic.append(arabic)

    for path in sorted(glob.glob(os.path.join(root, "corpus", "procedures", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            record = yaml.safe_load(f)
        found = []
        record_strings(record, "", found)
        for label, sub, text in found:
            candidates.append((label, f"project:procedures/{record['id']}.yaml:{sub}", clean(text, label)))

    for path in sorted(glob.glob(os.path.join(root, "corpus", "questions", "*.tsv"))):
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as f:
            for i, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                label, text = line.split("\t", 1)
                if label not in LABELS:
                    sys.exit(f"{name}:{i}: unknown label {label}")
                candidates.append((label, f"project:questions/{name}:{i}", " ".join(text.split())))

    # Vocabulary of French and of Standard Arabic, from every file that labels lines so. A record line written under
    # `ary_latn` with only French words ("certificat de propriete") or under `ary` with only Standard Arabic words
    # ("معاش الضمان الاجتماعي") is a term both varieties share, not Darija: its label would teach the model noise.
    vocab = {"fr": set(), "arb": set()}
    chat_lines = []
    for path in sorted(glob.glob(os.path.join(langid, "*.tsv"))):
        if os.path.basename(path) in ("train.tsv", "train.provenance.tsv"):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                cells = line.rstrip("\n").split("\t")
                if line.startswith("#") or len(cells) < 2 or cells[0] == "label":
                    continue
                if len(cells) >= 3 and cells[1] not in ("", "-", "none"):
                    continue  # code-switched: its words are not all of its label
                chat_lines.append((cells[0], cells[-1], os.path.basename(path)))
    for label, _, text in candidates + [(l, "", t) for l, t, _ in chat_lines]:
        if label in vocab:
            vocab[label].update(fold(text))
    shared_term = {"ary-Latn": "fr", "ary-Arab": "arb"}

    # French inside Latin-script Darija ("bghit nakhod la carte nationale"): such a line is code-switched, and is written
    # with secondary `fr` so that the trainer sees it whole, never a window of its French words labelled Darija (which
    # made "carte" or "nationale" alone look Darija). A French word: in French lines, not in DODa's Darija, not an acronym.
    darija = set()
    for label, source, text in candidates:
        if source.startswith("DODa") and label == "ary-Latn":
            darija.update(fold(text))
    acronyms = {w.lower() for _, _, text in candidates for w in re.findall(r"\b[A-Z]{2,}\b", text)}

    def secondary_of(label, source, text):
        if label != "ary-Latn" or source.startswith("DODa"):
            return "-"
        french = [w for w in fold(text) if len(w) > 1 and w in vocab["fr"] and w not in darija and w not in acronyms]
        return "fr" if french else "-"

    labels_of = {}
    for label, _, text in candidates:
        labels_of.setdefault(norm(text), set()).add(label)

    dropped = {"outside test source": 0, "in held-out set": 0, "in a chat file": 0, "under two labels": 0,
               "no letters": 0, "repeat": 0, "record term without dialect word": 0}
    seen = set()
    kept = []
    for label, source, text in candidates:
        n = norm(text)
        reason = None
        if letters(text) < 2:
            reason = "no letters"
        elif key(text) in forbidden:
            reason = "outside test source"
        elif n in heldout:
            reason = "in held-out set"
        elif n in other:
            reason = "in a chat file"
        elif len(labels_of[n]) > 1:
            reason = "under two labels"
        elif n in seen:
            reason = "repeat"
        elif "procedures" in source and label in shared_term and all(w in vocab[shared_term[label]] for w in fold(text)):
            reason = "record term without dialect word"
        if reason:
            dropped[reason] += 1
            continue
        seen.add(n)
        kept.append((label, source, text))

    # Written Darija (news, translations, encyclopedias) keeps the Standard vocabulary and carries a few dialect words;
    # the project's Darija lines are mostly chat. From each Standard Arabic record line on the training side of the
    # split, one line with 1-3 Standard words swapped for Darija ones, labelled Darija: the two differ only in those
    # words, so the model learns that they, not the vocabulary around them, make the difference. Generated lines that
    # fall in the dev split are dropped, so dev holds only text written by people.
    generated = 0
    # Only record lines: generated from chat lines too, they made short Standard chat look Darija (held-out arb F1
    # 0.989 -> 0.985) for little gain on written Darija.
    for label, source, text in list(kept):
        if label != "arb" or "procedures" not in source or is_dev(text):
            continue
        variant = darija_variant(text, source)
        n = norm(variant) if variant else None
        if not variant or is_dev(variant) or n in seen or n in heldout or n in other:
            continue
        seen.add(n)
        kept.append(("ary-Arab", "project:generated:darija-words-in:" + source.split(":", 1)[1], variant))
        generated += 1

    order = {label: i for i, label in enumerate(LABELS)}
    kept.sort(key=lambda x: (order[x[0]], 0 if x[1].startswith("DODa") else 3 if "generated" in x[1] else 1 if "procedures" in x[1] else 2))
    secondaries = [secondary_of(label, source, text) for label, source, text in kept]
    with open(os.path.join(langid, "train.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("label\tsecondary\ttext\n")
        for (label, _, text), secondary in zip(kept, secondaries):
            f.write(f"{label}\t{secondary}\t{text}\n")
    with open(os.path.join(langid, "train.provenance.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("label\tsecondary\tsource\ttext\n")
        for (label, source, text), secondary in zip(kept, secondaries):
            f.write(f"{label}\t{secondary}\t{source}\t{text}\n")

    with open(os.path.join(langid, "heldout", "doda-arabic.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("label\tsecondary\ttext\n")
        for text in dict.fromkeys(doda_arabic):
            if norm(text) in seen or norm(text) in other or norm(text) in heldout:
                continue  # a line some training file (or another held-out file) already holds
            f.write(f"ary-Arab\t-\t{text}\n")

    counts = {}
    for label, source, _ in kept:
        kind = source.split(":")[0] + (":" + source.split(":")[1].split("/")[0] if source.startswith("project") else "")
        counts.setdefault(label, {}).setdefault(kind, 0)
        counts[label][kind] += 1
    for label in LABELS:
        if label in counts:
            print(label, sum(counts[label].values()), counts[label])
    print("total", len(kept), "dropped", dropped, "code-switched (secondary fr)", secondaries.count("fr"), "generated Darija", generated)


if __name__ == "__main__":
    main()
