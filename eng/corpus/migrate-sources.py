#!/usr/bin/env python3
"""Types the sources of every procedure record (issue 17, item 1/2): re-runnable, line-based, keeps comments.

For each entry of a record's `sources:` list it:

- sets `kind` to one of official / press / guide. `official` is only the site of a Moroccan public body (see
  OFFICIAL_HOSTS: *.gov.ma, cnie.ma, passeport.ma, watiqa.ma, idarati.ma, cnss.ma, NARSA, service-public.ma,
  consulat.ma, Moroccan embassies and consulates, the SGG's Bulletin officiel...). A foreign body's site is never
  official; a copy of a law or of an official page on a third-party site is a guide (the copy is not the body's
  publication). News sites are press (PRESS_HOSTS, plus whatever was already typed press and is not official);
  everything else is a guide. The old kind `secondary` disappears.
- splits the old `seen` (which held the page's date, or "undated") into `published` (the page's date when known:
  "YYYY", "YYYY-MM" or "YYYY-MM-DD") and `seen` (the day we consulted it, "YYYY-MM-DD"; the record's
  `last_reviewed` when not known).

Running it again changes nothing: an entry that already has `published`, or whose `seen` is a full date on or after
the record's `last_reviewed` (a reading date), keeps its dates.

Usage: python3 eng/corpus/migrate-sources.py [corpus/procedures] [--check]
  --check  change nothing; exit 1 and list the files that the script would change.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlparse

KINDS = ("official", "press", "guide")

# Sites of Moroccan public bodies (exact host or any sub-domain of it). Moroccan embassies and consulates abroad are
# Moroccan public bodies even under a foreign top-level domain.
OFFICIAL_HOSTS = (
    "gov.ma",  # every ministry and agency under .gov.ma (justice, tax, anss, ae, alhoukouma, sgg, men, equipement...)
    "cnie.ma", "passeport.ma", "watiqa.ma", "idarati.ma", "service-public.ma", "consulat.ma",
    "cnss.ma", "cnops.ma", "anapec.org", "ompic.ma", "directentreprise.ma", "ancfcc.gov.ma",
    "narsa.ma", "narsa-securiteroutiere.ma", "khadamatnarsa.ma", "securiteroutiere.ma",
    "listeselectorales.ma", "minhaty.ma", "onousc.ma", "asd.ma", "rsu.ma", "chikaya.ma", "rokhas.ma",
    "one.org.ma", "onee.ma", "barid.ma", "poste.ma", "diplomatie.ma", "marocainsdumonde.gov.ma", "dgsn.ma",
    "police.ma", "mcinet.gov.ma", "douane.gov.ma", "tgr.gov.ma", "cmr.gov.ma", "anam.ma", "enssup.gov.ma",
    "men.gov.ma", "ofppt.ma", "hcp.ma", "bkam.ma", "cndp.ma", "anrt.ma", "chambredesrepresentants.ma",
    "cour-constitutionnelle.ma", "cese.ma", "cdg.ma", "rcar.ma", "cri.ma", "invest.gov.ma", "e-invest.ma",
    "areftt.ma",  # Académie régionale d'éducation et de formation Tanger-Tétouan (public body)
    "communeouidane.ma",  # a rural commune's own site
    "vignette.ma", "casierjudiciaire.justice.gov.ma", "mahakim.ma", "cnde.ma",
    # Moroccan embassies and consulates abroad.
    "consulatdumaroc.ca", "moroccanembassy.sa", "moroccoembassy.vn", "ambmaroc.ru", "ambamaroc.fr",
    "consulatmaroc.fr", "embassyofmorocco.us",
)

# News sites (press). Anything typed `press` before and not official stays press too.
PRESS_HOSTS = (
    "le360.ma", "le360-le-360-francais-prod.web.arc-cdn.net", "lematin.ma", "leconomiste.com", "lavieeco.com",
    "medias24.com", "telquel.ma", "libe.ma", "maghress.com", "challenge.ma", "lesiteinfo.com", "lesinfos.ma",
    "yabiladi.com", "yabiladi.ma", "h24info.ma", "hespress.com", "lopinion.ma", "aujourdhui.ma", "laquotidienne.ma",
    "infomediaire.net", "lepetitjournalmarocain.com", "leseco.ma", "lebrief.ma", "ledesk.ma", "lnt.ma",
    "tanjapost.com", "usinenouvelle.com", "barlamane.fr", "barlamane.com", "alakhbar.press.ma", "akhbarkome.com",
    "journalaswat.com", "maroc-diplomatique.net", "conjoncture.info", "femmesdumaroc.com", "laformation.ma",
    "fr.belpresse.com", "journalinfo.ma", "linformation.ma", "snrtnews.com", "map.ma", "le1.ma", "hibapress.com",
    "alyaoum24.com", "goud.ma", "fnpi.net.ma",
)

SOURCE_KEYS = ("id", "url", "title", "kind", "published", "seen")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def host_of(url: str) -> str:
    return (urlparse(url).hostname or "").rstrip(".").lower()


def matches(host: str, suffixes: tuple[str, ...]) -> bool:
    return any(host == s or host.endswith("." + s) for s in suffixes)


def kind_for(url: str, old_kind: str) -> str:
    host = host_of(url)
    if matches(host, PRESS_HOSTS):
        return "press"
    # A Moroccan (.ma) site an editor typed official stays official, so a public body missing from the list above is
    # not demoted; a site outside .ma is official only when listed (embassies), never a foreign body's site.
    if matches(host, OFFICIAL_HOSTS) or (old_kind == "official" and host.endswith(".ma")):
        return "official"
    if old_kind == "press":
        return "press"
    return "guide"


def dates_for(fields: dict[str, str], last_reviewed: str) -> tuple[str | None, str]:
    """(published, seen) for one source."""
    seen = fields.get("seen", "")
    published = fields.get("published")
    if published is not None:
        return published, seen or last_reviewed
    if FULL_DATE.match(seen) and last_reviewed and seen >= last_reviewed:
        return None, seen  # a reading date already
    if DATE.match(seen):
        return seen, last_reviewed
    return None, last_reviewed  # "undated" or missing


def unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def migrate(text: str, log: list[str]) -> str:
    lines = text.split("\n")
    last_reviewed = next((unquote(l.split(":", 1)[1]) for l in lines if l.startswith("last_reviewed:")), "")
    try:
        start = lines.index("sources:") + 1
    except ValueError:
        return text
    end = start
    while end < len(lines) and (lines[end].startswith(" ") or lines[end] == ""):
        end += 1
    # Trailing blank lines belong to what follows.
    while end > start and lines[end - 1] == "":
        end -= 1

    out: list[str] = []
    entry: list[str] = []

    def flush() -> None:
        if not entry:
            return
        fields: dict[str, str] = {}
        raw: dict[str, str] = {}
        others: list[str] = []
        for line in entry:
            m = re.match(r"^(  - |    )([a-z_]+):\s?(.*)$", line)
            if m and m.group(2) in SOURCE_KEYS:
                fields[m.group(2)] = unquote(m.group(3))
                raw[m.group(2)] = m.group(3)
            else:
                others.append(line)
        old_kind = fields.get("kind", "")
        kind = kind_for(fields.get("url", ""), old_kind)
        if kind != old_kind:
            log.append(f"{fields.get('id', '?')}: {old_kind or '-'} -> {kind} ({host_of(fields.get('url', ''))})")
        published, seen = dates_for(fields, last_reviewed)
        out.append(f"  - id: {raw.get('id', '')}")
        for key in ("url", "title"):
            if key in raw:
                out.append(f"    {key}: {raw[key]}")  # kept as written (quoting, escapes)
        out.append(f"    kind: {kind}")
        if published is not None:
            out.append(f"    published: \"{published}\"")
        out.append(f"    seen: \"{seen}\"")
        out.extend(others)
        entry.clear()

    for line in lines[start:end]:
        if line.startswith("  - "):
            flush()
        entry.append(line)
    flush()
    return "\n".join(lines[:start] + out + lines[end:])


def main(argv: list[str]) -> int:
    check = "--check" in argv
    args = [a for a in argv if not a.startswith("--")]
    folder = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "corpus" / "procedures"
    changed = []
    for path in sorted(folder.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        log: list[str] = []
        new = migrate(text, log)
        if new != text:
            changed.append(path.name)
            for line in log:
                print(f"{path.stem}: {line}")
            if not check:
                path.write_text(new, encoding="utf-8")
    verb = "would change" if check else "changed"
    print(f"{verb} {len(changed)} file(s)" + (": " + ", ".join(changed) if changed and check else ""))
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
