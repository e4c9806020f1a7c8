"""Writes a Latin-script Darija sentence (DODa's Arabizi) in Arabic script, as Moroccans type Darija on a phone.

Written for the project (our own rule set, not the product's ArabiziTransliterator, which writes a folded
search key, not readable text). Order: whole-word spellings (corpus/lexicon/arabizi.tsv `word` rows, then WORDS
below, which win), then letters: DODa's capitals are emphatics (T ط, S ص, D ض, H ح), digits are letters
(3 ع, 7 ح, 9 ق, 2 ء, 5 خ, 8 ه, 4 غ), ch/kh/gh/sh are one letter, doubled letters are one letter, a leading
l/fl/bl/wl before a consonant is the article, short "e" is not written, a word-final "a" after a consonant is
ta marbuta on words of 4+ letters (not on the suffixes -na, -ha, -ka, -ta nor on verbs with a present prefix).
No diacritics, Latin digits kept, punctuation ? and ! kept.
"""

import re

LETTERS = [
    ("ch", "ش"), ("sh", "ش"), ("kh", "خ"), ("gh", "غ"), ("dj", "ج"), ("ph", "ف"), ("ou", "و"), ("oo", "و"),
    ("3", "ع"), ("7", "ح"), ("9", "ق"), ("2", "ء"), ("5", "خ"), ("8", "ه"), ("4", "غ"), ("6", "ط"),
    ("T", "ط"), ("S", "ص"), ("D", "ض"), ("H", "ح"), ("Z", "ظ"),
    ("a", "ا"), ("b", "ب"), ("c", "ك"), ("d", "د"), ("e", ""), ("f", "ف"), ("g", "ڭ"), ("h", "ه"),
    ("i", "ي"), ("j", "ج"), ("k", "ك"), ("l", "ل"), ("m", "م"), ("n", "ن"), ("o", "و"), ("p", "ب"),
    ("q", "ق"), ("r", "ر"), ("s", "س"), ("t", "ت"), ("u", "و"), ("v", "ف"), ("w", "و"), ("x", "ش"),
    ("y", "ي"), ("z", "ز"),
]
RULES = dict(LETTERS)
VOWELS = set("aeiouAEIOU")

# Frequent DODa words whose letter-by-letter form would be off (long vowels, ta marbuta, h/ح, emphatics).
WORDS = {
    "o": "و", "w": "و", "ah": "آه", "ayeh": "إيه", "wayeh": "وايه", "la": "لا", "lla": "لا", "b": "ب", "f": "ف", "l": "ل",
    "3lih": "عليه", "3liha": "عليها", "3lia": "عليا", "3liyya": "عليا", "3lik": "عليك", "3lina": "علينا", "3lihom": "عليهم",
    "lia": "ليا", "liya": "ليا", "liyya": "ليا", "lik": "ليك", "lih": "ليه", "liha": "ليها", "lina": "لينا", "lihom": "ليهم",
    "m3ak": "معاك", "m3aya": "معايا", "m3ah": "معاه", "m3aha": "معاها", "m3ahom": "معاهم", "m3ana": "معانا",
    "8na": "هنا", "hna": "هنا", "l8na": "لهنا", "8ad": "هاد", "8adi": "هادي", "8ada": "هادا", "8adchchi": "هادشي", "8adchi": "هادشي",
    "8owwa": "هوا", "howwa": "هوا", "hoa": "هوا", "hwa": "هوا", "howa": "هوا", "hia": "هيا", "hya": "هيا", "hiya": "هيا", "hi": "هي",
    "homa": "هوما", "hma": "هوما", "7na": "حنا", "ana": "أنا", "nta": "نتا", "nti": "نتي", "ntoma": "نتوما", "onta": "ونتا",
    "knt": "كنت", "kont": "كنت", "kan": "كان", "kant": "كانت", "kano": "كانو", "knti": "كنتي", "kenti": "كنتي", "kanti": "كنتي",
    "dima": "ديما", "ga3": "كاع", "imkan": "يمكن", "imkn": "يمكن", "imken": "يمكن", "ymken": "يمكن", "momkin": "ممكن",
    "walakin": "ولكن", "walakine": "ولكن", "ila": "إلا", "kayn": "كاين", "kayna": "كاينة", "kaynin": "كاينين",
    "makayn": "ماكاين", "makaynch": "ماكاينش", "makanch": "ماكانش", "ghir": "غير", "ghi": "غي", "chwiya": "شوية", "chwia": "شوية",
    "bli": "بلي", "tkon": "تكون", "ykon": "يكون", "ikon": "يكون", "ikono": "يكونو", "nkon": "نكون", "kon": "كون",
    "haja": "حاجة", "7aja": "حاجة", "wahd": "واحد", "wa7d": "واحد", "wa7ed": "واحد", "7ed": "حد", "7ad": "حد", "7da": "حدا",
    "khra": "خرا", "akhor": "آخر", "chokran": "شكرا", "rak": "راك", "rah": "راه", "raha": "راها", "rani": "راني", "mcha": "مشا",
    "mra": "مرة", "mrra": "مرة", "merra": "مرة", "lmrra": "المرة", "ba9i": "باقي", "zwina": "زوينة", "zwin": "زوين",
    "fikra": "فكرة", "mora": "مورا", "atay": "أتاي", "nmchiw": "نمشيو", "khasna": "خاصنا", "khessni": "خاصني", "khess": "خاص",
    "lmakla": "الماكلة", "makla": "ماكلة", "ba3d": "بعد", "be3d": "بعد", "b3d": "بعد", "tma": "تما", "bila": "بلا",
    "n8ar": "نهار", "3arf": "عارف", "3arfa": "عارفة", "mzyana": "مزيانة", "mzyanin": "مزيانين", "mazyan": "مزيان", "kas": "كاس",
    "idan": "إذن", "nas": "ناس", "nnas": "الناس", "s3ib": "صعيب", "s3iba": "صعيبة", "7tta": "حتى", "ewa": "إيوا", "iwa": "إيوا",
    "fih": "فيه", "fiha": "فيها", "fik": "فيك", "fihom": "فيهم", "fiyya": "فيا", "fia": "فيا", "achmn": "أشمن", "mochkil": "مشكل",
    "ban": "بان", "kayban": "كيبان", "tayban": "كيبان", "khayf": "خايف", "khayfa": "خايفة", "7san": "حسن", "7sen": "حسن",
    "a7san": "أحسن", "kbir": "كبير", "kbira": "كبيرة", "9bal": "قبل", "9bel": "قبل", "khayb": "خايب", "khayba": "خايبة",
    "yalah": "يالاه", "hakka": "هكا", "hakda": "هكدا", "ja": "جا", "jat": "جات", "ktar": "كتر", "ktr": "كتر", "mrid": "مريض",
    "mrida": "مريضة", "kol": "كل", "n9adro": "نقدرو", "n9dro": "نقدرو", "3andak": "عندك", "3ndak": "عندك", "3andi": "عندي",
    "3ndna": "عندنا", "3ndhom": "عندهم", "3otla": "عطلة", "3oTla": "عطلة", "t9der": "تقدر", "t9dr": "تقدر", "i9dr": "يقدر",
    "yak": "ياك", "tri9": "طريق", "triq": "طريق", "l3am": "العام", "blasa": "بلاصة", "lblasa": "البلاصة", "jay": "جاي",
    "tab3an": "طبعا", "kantmnna": "كنتمنى", "nb9a": "نبقى", "3ziz": "عزيز", "3id": "عيد", "fat": "فات", "ghdda": "غدا",
    "mli": "ملي", "mlli": "ملي", "lkhobz": "الخبز", "sghir": "صغير", "sghira": "صغيرة", "lkhodra": "الخضرة", "ghaliban": "غالبا",
    "nchof": "نشوف", "nchouf": "نشوف", "aji": "أجي", "tmchi": "تمشي", "lbal": "البال", "ghatkon": "غاتكون", "khddam": "خدام",
    "khddamin": "خدامين", "jdid": "جديد", "ghanmchi": "غانمشي", "lktab": "الكتاب", "ktab": "كتاب", "bessa7": "بصح", "bsa7": "بصح",
    "lb7er": "البحر", "kaml": "كامل", "kamla": "كاملة", "bda": "بدا", "chrab": "شراب", "l7ot": "الحوت", "bin": "بين",
    "kay3jbni": "كيعجبني", "l7am": "اللحم", "na9dar": "نقدر", "rasi": "راسي", "dak": "داك", "dik": "ديك", "hadak": "هاداك",
    "hadik": "هاديك", "chta": "الشتا", "daz": "داز", "fo9": "فوق", "bghitini": "بغيتيني", "l7lib": "الحليب", "7lib": "حليب",
    "kadir": "كدير", "nbda": "نبدا", "khososan": "خصوصا", "chrit": "شريت", "sma7": "سماح", "kanbghi": "كنبغي",
    "mabghitch": "مابغيتش", "khasak": "خاصك", "b9a": "بقا", "bgha": "بغا", "bghat": "بغات", "awlla": "ولا", "olla": "ولا",
    "glt": "ڭلت", "kimma": "كيما", "sm7": "سمح", "fchi": "فشي", "lkbir": "الكبير", "ttbib": "الطبيب", "3reft": "عرفت",
    "ma3raftch": "ماعرفتش", "kat9sed": "كتقصد", "kat9sad": "كتقصد", "d9i9a": "دقيقة", "nji": "نجي", "kanji": "كنجي",
    "b3ida": "بعيدة", "b3id": "بعيد", "nl9aw": "نلقاو", "ntla9aw": "نتلاقاو", "fchkel": "فشكل", "imma": "إما", "kankhaf": "كنخاف",
    "khditi": "خديتي", "n7awlo": "نحاولو", "lghaba": "الغابة", "bzef": "بزاف", "bezzaf": "بزاف", "tari9a": "طريقة",
    "lmra": "المرا", "kaybghiw": "كيبغيو", "brasi": "براسي", "annaha": "أنها", "annaho": "أنه", "anna": "أن", "annak": "أنك",
    "bik": "بيك", "tji": "تجي", "nrj3o": "نرجعو", "lwa9t": "الوقت", "lw9t": "الوقت", "lwe9t": "الوقت", "we9t": "وقت",
    "lkhdma": "الخدمة", "khdma": "خدمة", "lkhedma": "الخدمة", "l7al": "الحال", "fach": "فاش", "bach": "باش", "mohim": "مهم",
    "fhad": "فهاد", "3liha": "عليها", "mazal": "مازال", "mazala": "مازالا", "hadchi": "هادشي", "dakchi": "داكشي",
    "lli": "اللي", "li": "لي", "chi": "شي", "achno": "أشنو", "ach": "آش", "wach": "واش", "3la": "على", "mn": "من",
    "men": "من", "m3a": "مع", "dyal": "ديال", "dial": "ديال", "ghadi": "غادي", "bzaf": "بزاف", "bzzaf": "بزاف",
    "dyalk": "ديالك", "dialk": "ديالك", "dyali": "ديالي", "dyalo": "ديالو", "dyalha": "ديالها", "dyalna": "ديالنا",
    "dyalhom": "ديالهم", "dyalkom": "ديالكم", "dyalek": "ديالك", "machi": "ماشي", "bghiti": "بغيتي", "bghit": "بغيت",
    "wakha": "واخا", "3lach": "علاش", "7it": "حيت", "hit": "حيت", "ch7al": "شحال", "b7al": "بحال", "7ta": "حتى",
    "kifach": "كيفاش", "fin": "فين", "mnin": "منين", "imta": "إمتى", "3afak": "عافاك", "daba": "دابا", "had": "هاد",
    "hada": "هادا", "hadi": "هادي", "wla": "ولا", "ola": "ولا", "ala": "ولا", "mzyan": "مزيان", "chno": "شنو", "chnou": "شنو",
    "3ndi": "عندي", "3ndk": "عندك", "3ndek": "عندك", "3ndo": "عندو", "ma3ndi": "ماعندي", "ma3ndich": "ماعنديش",
    "n9der": "نقدر", "ndir": "ندير", "dir": "دير", "ndiro": "نديرو", "nakhod": "ناخد", "nmchi": "نمشي", "njib": "نجيب",
    "khasni": "خاصني", "kolchi": "كلشي", "safi": "صافي", "walo": "والو", "lbar7": "البارح", "nhar": "نهار", "lyoum": "اليوم",
    "simana": "سيمانة", "sir": "سير", "jib": "جيب", "3tini": "عطيني", "ma3reftch": "ماعرفتش", "mochkila": "مشكلة",
}

TOKEN = re.compile(r"[A-Za-z0-9']+|[?!]")


def load_lexicon(path):
    """`word` rows of corpus/lexicon/arabizi.tsv: latin (variants | ) → first Arabic spelling."""
    words = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            cells = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(cells) < 3 or cells[0] == "latin" or cells[2].strip() != "word":
                continue
            arabic = [a.strip() for a in cells[1].split("|") if a.strip()]
            for latin in cells[0].split("|"):
                if arabic and latin.strip():
                    words[latin.strip().lower()] = arabic[0]
    return words


def _consonant(c):
    return c.isalpha() and c not in VOWELS or c in "3798524"


def word_to_arabic(word, lexicon):
    low = word.lower()
    if low in WORDS:
        return WORDS[low]
    if low in lexicon:
        return lexicon[low]
    if word.isdigit():
        return word
    w = word.replace("'", "")
    # Capitals other than DODa's emphatics are ordinary letters.
    w = "".join(c if c in "TSDHZ" else c.lower() for c in w)
    out = []
    i = 0
    if len(w) >= 3 and w[0] == "l" and _consonant(w[1]) and w[1] != "l":
        out.append("ال")
        i = 1
    elif len(w) >= 4 and w[0] in "fbwk" and w[1] == "l" and _consonant(w[2]) and w[2] != "l":
        out.append({"f": "فال", "b": "بال", "w": "وال", "k": "كال"}[w[0]])
        i = 2
    last = ""
    # Present-tense prefixes ka-/ta- (kanbghi, tankhafo): the vowel is short, not written; such verbs end in alef.
    verb = w[:2] in ("ka", "ta", "ki", "ti") and len(w) >= 4
    if verb and w[1] == "a" and not out:
        out.append(RULES[w[0]])
        last = out[-1]
        i = 2
    while i < len(w):
        rest = len(w) - i
        c = w[i]
        if c == "a" and rest == 1 and i > 1 and _consonant(w[i - 1]):
            suffix = w[i - 1:]
            if len(w) >= 4 and suffix not in ("na", "ha", "ka", "ta", "ya") and not verb:
                out.append("ة")
            else:
                out.append("ا")
            break
        if c == "2":
            out.append("أ" if i == 0 else "ئ" if w[i + 1:i + 2] == "i" else "ء")
            last = out[-1]
            i += 1
            continue
        if i == 0 and c in "aeiou":
            out.append("ا" if c in "ae" else "ا" + ("ي" if c == "i" else "و"))
            i += 2 if w[:2] == "ou" else 1
            last = out[-1][-1]
            continue
        # A medial a/o before a consonant cluster is short and not written (ma3mmrna → معمرنا, lbandouch → لبندوش).
        if c in "ao" and i > 0 and rest >= 3 and _consonant(w[i + 1]) and _consonant(w[i + 2]) and w[i + 1:i + 3] not in ("ch", "kh", "gh", "sh"):
            i += 1
            continue
        for size in (2, 1):
            chunk = w[i:i + size]
            if len(chunk) == size and chunk in RULES:
                arabic = RULES[chunk]
                if arabic and arabic != last:
                    out.append(arabic)
                if arabic:
                    last = arabic
                i += size
                break
        else:
            out.append(c)
            last = c
            i += 1
    return "".join(out)


def sentence_to_arabic(text, lexicon):
    words = []
    attach = ""
    for token in TOKEN.findall(text):
        # A separate "l" is the preposition/article of the next word: "l 9niTra" → للقنيطرة.
        if token.lower() == "l":
            attach = "لل"
            continue
        if token in "?!":
            if words:
                words[-1] += "؟" if token == "?" else "!"
            continue
        arabic = word_to_arabic(token, lexicon)
        if attach:
            arabic = attach + (arabic[2:] if arabic.startswith("ال") else arabic)
            attach = ""
        words.append(arabic)
    return " ".join(w for w in words if w)
