"""The people of a readout: names, roles, countries and sex, found from the text alone.

A *mention* is a run of capitalised words such as ``Chinese State Councillor and Foreign
Minister Wang Yi``: country words, role words and name words, read left to right. Mentions of
one person (``Wang Yi``, ``Wang``, ``Mr. Wang``, ``WANG YI``) are merged into one
:class:`Person`, whose id (``model.speaker_id`` of the full name) is the same in every article.

All matching is done on a *normalised* copy of the text (:data:`NORMALIZE`): non-breaking
spaces, curly quotes and dashes become their plain counterparts one character for one, so
offsets into the copy are offsets into the original, which is never rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from dipreader.core.model import speaker_id as _speaker_id

speaker_id = lru_cache(maxsize=4096)(_speaker_id)

# One character for one: offsets into the normalised copy are offsets into the original.
NORMALIZE = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u3000": " ",
        "\t": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2026": ".",
    }
)

_REPLACEMENTS = tuple((chr(code), rep) for code, rep in NORMALIZE.items() if isinstance(rep, str))


def normalise(text: str) -> str:
    """``text`` with :data:`NORMALIZE` applied; fast for the usual few kinds of character.

    ``str.translate`` looks every character of a non-ASCII string up in the table; replacing
    only the characters that occur is several times faster on real articles.
    """
    if text.isascii():
        return text.replace("\t", " ")
    for char, replacement in _REPLACEMENTS:
        if char in text:
            text = text.replace(char, replacement)
    return text


MALE = "m"
FEMALE = "f"

# --- countries -------------------------------------------------------------------------------
# Canonical name, then what the text may call it: adjectives, names, capitals (metonyms).
_COUNTRY_TABLE = (resources.files("dipreader.core") / "data" / "countries.txt").read_text(
    encoding="utf-8"
)


def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for row in _COUNTRY_TABLE.strip().splitlines():
        if row.startswith("#") or not row.strip():
            continue
        names = row.split("|")
        for alias in names:
            index.setdefault(alias.lower(), names[0])
    return index


COUNTRY_OF: dict[str, str] = _country_index()
# Country phrases of two to five words (``South Korean``, ``Republic of Korea``).
_MULTI_WORD_COUNTRY = sorted(
    (tuple(alias.split(" ")) for alias in COUNTRY_OF if " " in alias), key=len, reverse=True
)
# The same phrases by their first word, longest first: each token tries only its own.
_MULTI_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in _MULTI_WORD_COUNTRY:
    _MULTI_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)
# --- words -----------------------------------------------------------------------------------
# Words that make up roles (lower case). A role needs at least one head word.
ROLE_HEADS = frozenset(
    """president vice-president minister ministers secretary secretary-general premier
    vice-premier chancellor king queen prince princess emir amir sultan sheikh chairman
    chairwoman chair chairperson director director-general ambassador envoy spokesperson
    spokesman spokeswoman commissioner representative councillor councilor counsellor
    counselor adviser advisor governor mayor senator speaker leader head chief diplomat
    eam pm fm nsa marshal admiral general lady taoiseach official mufti rabbi patriarch
    ombudsman ombudswoman""".split()
)
ROLE_WORDS = ROLE_HEADS | frozenset(
    """vice prime foreign external affairs state office central commission deputy crown
    special high national security defense defence finance trade commerce under assistant
    senior member political bureau politburo standing committee communist party cpc military
    federal council cabinet executive majority minority congress house parliament attorney
    justice health interior home energy economy economic development cooperation international
    relations industry agriculture education culture environment climate first top permanent
    principal policy planning department overseas information science technology labour
    labor social welfare treasury investment resources homeland intelligence armed forces
    grand royal supreme acting interim outgoing incoming designate elect co-chair people's
    republic union nations united european general's ministry government affairs'
    federative federation kingdom socialist islamic democratic arab plurinational bolivarian
    hashemite sovereign commonwealth""".split()
)
CONNECTORS = frozenset("of for and the on to".split())
NAME_PARTICLES = frozenset(
    "de da do dos das del della di du la le van von der den bin binti bint ibn al el y".split()
)
HONORIFICS = {
    "mr": MALE,
    "mr.": MALE,
    "sir": MALE,
    "ms": FEMALE,
    "ms.": FEMALE,
    "mrs": FEMALE,
    "mrs.": FEMALE,
    "madam": FEMALE,
    "madame": FEMALE,
    "mme": FEMALE,
    "mme.": FEMALE,
    "dr": "",
    "dr.": "",
    "h.e.": "",
    "excellency": "",
    "shri": MALE,
    "smt": FEMALE,
    "smt.": FEMALE,
    "prof.": "",
    "prof": "",
    "honourable": "",
    "honorable": "",
    "hon.": "",
    "hon": "",
    "rt.": "",
    "rt": "",
    "his": "",
    "her": "",
    "majesty": "",
    "highness": "",
    "lord": MALE,
    "baroness": FEMALE,
    "dame": FEMALE,
    "sheikha": FEMALE,
}
_SEXED_ROLES = {
    "queen": FEMALE,
    "princess": FEMALE,
    "chairwoman": FEMALE,
    "spokeswoman": FEMALE,
    "lady": FEMALE,
    "king": MALE,
    "prince": MALE,
    "emir": MALE,
    "amir": MALE,
    "sultan": MALE,
    "sheikh": MALE,
    "chairman": MALE,
    "spokesman": MALE,
}
# Capitalised words that open sentences or name things but never name a person.
NOT_NAME = frozenset(
    """the a an during at in on for when while after before noting it this that these those he
    she they we i both also but and as with according under over since meanwhile however
    moreover earlier later last next speaking talking addressing referring regarding of all
    each every there here his her their our its my your if then thus so yet still again
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    ministry government office commission council committee union nations organization
    organisation association agency bank fund forum summit meeting meetings conference
    dialogue group treaty agreement act initiative belt road strategy framework partnership
    peninsula sea ocean strait island islands war times daily news post press herald
    tribune journal xinhua reuters afp ap yonhap kyodo tass ria cgtn cctv bbc cnn bloomberg
    pti ani asia asian pacific africa african europe middle east west western north south
    northern southern eastern central indo-pacific gulf taiwan hong kong macao xinjiang tibet
    gaza crimea donbas donbass kashmir korean japanese chinese palace hall house building
    center centre room residence kremlin white quad asean brics g20 g7 sco apec nato un
    uno who wto imf opec unga unsc question principle issue matter year anniversary
    readout transcript statement remarks communique q question answer moderator note
    photo source editor
    thank thanks good well yes no okay ok please let now first second third finally
    indeed certainly of course mr mrs ms dr officials analysts experts sources diplomats
    reporters observers people media critics related articles tags keywords video share
    read more contact email phone updated published posted by attachments date time
    location venue subject participants attendees background summary topics end
    holds hold meets meet met talks says say calls call urges visits visit vows hails
    agree agrees discuss discusses discussed joint conference statement strategic
    comprehensive global alliance bilateral trilateral multilateral home release releases
    media great people's guesthouse state-owned""".split()
)
FEMALE_GIVEN = frozenset(
    """annalena penny kamala hillary condoleezza madeleine yoko melanie mélanie catherine
    sushma nirmala ursula giorgia liz elizabeth theresa angela jacinda nanaia retno marise
    julie wendy victoria linda gina janet samantha lina kaja hadja naledi grace mary maria
    anna anne ann sarah sara emily helen helena jane julia karin kristalina christine
    claudia dilma cristina michelle marine nicola sanna mette ingrid erna margrethe
    magdalena kirsty tsai ing-wen hua chunying mao ning yoshiko tomomi takae kang
    kyung-wha chung retno noeleen mariam leila laila fatima aisha amina nadia
    rania ngozi amira sheikh hasina benazir indira smriti meenakshi sheikha roberta
    marta beata kersti katrin alicia susan karen laura barbara jennifer jessica lisa
    olena iryna yulia valentina tatyana lyudmila maria-elena hanna josephine esther""".split()
) - frozenset({"sheikh", "kang", "chung", "hua"})

# Surnames written first (Chinese, Korean, Vietnamese, Cambodian): ``Wang Yi`` is ``Wang``.
SURNAME_FIRST = frozenset(
    """wang li zhang liu chen yang zhao huang zhou wu xu sun hu zhu gao lin he guo ma luo
    liang song zheng xie han tang feng yu dong xiao cheng cao yuan deng fu shen zeng peng lu
    su jiang cai jia ding wei xue ye yan pan du dai xia zhong tian ren fan fang shi yao tan
    liao zou xiong jin hao kong bai cui kang mao qiu qin gu hou shao meng long wan duan lei
    qian yin chang wen xi hua geng zhai wong
    park kim lee choi chung jung yoon yun moon cho kang han shin oh ahn lim hwang seo jeon
    hong ko yoo chun roh ban cho nam noh
    nguyen tran le pham hoang phan vu vo dang bui do ho ngo duong ly
    hun""".split()
)

_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"
# A capitalised word; a full stop belongs to it only in initials and titles (``U.S.``,
# ``S.``, ``Mr.``), so that a run of capitalised words never runs on into the next sentence.
TOKEN = (
    rf"[{_UP}](?:\.(?:[{_UP}]\.)*"
    r"|(?<=[MDSJLRGCHA])(?:rs?|s|me|r|t|en|ol|ep|ov|rof|on|mb)\.(?=[ ])"
    r"|[\w'\-]*)"
)
_CONN = (
    r"(?:of|for|and|the|on|de|da|do|dos|das|del|della|di|du|la|le|van|von|der|den|bin|bint|"
    r"binti|ibn|al|el)"
)
# A run of capitalised words, with connectors between them (never at either end).
CAPSEQ = rf"{TOKEN}(?:(?:[ ]+(?:{_CONN}[ ]+){{0,2}}|/){TOKEN})*"
_CAPSEQ_RE = re.compile(CAPSEQ)
_ROLE_OF_COUNTRY = re.compile(r"^(?P<role>.*)\s+of\s+(?:the\s+)?(?P<country>.+)$")
# Lower-case roles before a name in wire style: ``Indonesia's foreign minister Retno Marsudi``.
_LOWER_ROLE_BEFORE = re.compile(
    rf"(?:(?P<adj>(?:{TOKEN}[ ]+){{1,3}})|(?:his|her|their)[ ]+(?P<adj2>(?:{TOKEN}[ ]+){{0,3}}))?"
    r"(?P<role>(?:(?:top|chief|foreign|prime|defen[cs]e|deputy|vice|senior|external affairs|"
    r"state|national security|trade|finance)[ ]+)*(?:diplomat|minister|president|secretary|"
    r"premier|chancellor|counterpart|envoy|adviser|advisor|spokesperson|spokesman|spokeswoman|"
    r"leader|ambassador|councillor|councilor))(?:,)?[ ]+$"
)
_ROLE_BEFORE_COMMA = re.compile(rf"(?:^|(?<=[ \n]))(?:[Tt]he[ ]+)?(?P<role>{CAPSEQ}),[ ]+$")
# ``Wang Yi, Director of the Office ...,`` and ``Antony Blinken, the U.S. Secretary of State,``
_APPOSITIVE = re.compile(rf",[ ]+(?:the[ ]+)?(?P<role>{CAPSEQ})(?=[ ]*(?:[,.;:)]|and\b|$))")
# Wire style: ``Wang Yi, a member of the Political Bureau ... and Chinese foreign minister,``.
_LOWER_APPOSITIVE = re.compile(
    r",[ ]+(?:a|an|the)[ ]+[^,;.\"]{0,160}?(?:\b(?P<adj>[A-Z][\w'-]+)[ ]+)?"
    r"(?P<role>(?:foreign|prime|defen[cs]e|deputy|vice|state|external[ ]+affairs)[ ]+minister|"
    r"foreign[ ]+secretary|secretary[ ]+of[ ]+state|vice[ ]+president|president|premier|"
    r"chancellor|ambassador|envoy)[ ]*(?=[,.;])"
)


@dataclass(slots=True)
class Mention:
    """One person named in one run of capitalised words."""

    start: int
    end: int
    name: tuple[str, ...]  # display tokens (initials kept)
    role: str | None
    country: str | None
    sex: str | None
    titled: bool  # a role or an honorific stood before the name


@dataclass(slots=True)
class Person:
    """One participant of one article, built from the mentions of them."""

    name: str
    keys: frozenset[str]  # lower-case name tokens without initials
    role: str | None = None
    country: str | None = None
    sex: str | None = None
    first: int = 0
    met: bool = False
    spoke: bool = False
    hosts: bool = False  # the subject of ``X met Y``: the one a readout's ``The President`` is
    mentions: list[int] = field(default_factory=list)
    id: str = ""

    surname: str = ""  # kept with the name: looked up for everyone at each new mention
    aliases: frozenset[str] = frozenset()  # other names the text gives (``Jokowi``)

    def __post_init__(self) -> None:
        self.id = speaker_id(self.name)
        self.surname = _surname(self.name)

    def rename(self, name: str, keys: frozenset[str]) -> None:
        self.name, self.keys, self.id = name, keys, speaker_id(name)
        self.surname = _surname(name)


def _surname(name: str) -> str:
    tokens = [t for t in name.split(" ") if not _is_initial(t)]
    if not tokens:
        return name
    if len(tokens) > 1 and tokens[0].lower() in SURNAME_FIRST:
        return tokens[0]
    return tokens[-1]


def _is_initial(token: str) -> bool:
    return len(token) <= 2 and (token.endswith(".") or len(token) == 1)


def display_token(token: str) -> str:
    """``OBAMA`` -> ``Obama`` (transcript labels); other spellings stay as written."""
    if len(token) > 2 and token.isupper() and not token.endswith("."):
        return "-".join(part.capitalize() for part in token.split("-"))
    return token


# Post-nominals: ``David Lammy MP`` is ``David Lammy``.
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "mp", "mep", "qc", "kc", "obe", "cbe"})


@lru_cache(maxsize=4096)
def person_name(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The name to show and to make the id from, the same however the text writes it.

    ``Antony J. Blinken`` -> ``Antony Blinken`` (middle initials dropped); ``KAMIKAWA Yoko``
    (Japanese style, surname in capitals first) -> ``Yoko Kamikawa``; ``WANG Yi`` stays
    ``Wang Yi`` (Chinese order); ``Wang's`` -> ``Wang``.
    """
    words = list(tokens)
    if words and words[-1].lower().endswith("'s"):
        words[-1] = words[-1][:-2]
    if len(words) >= 2 and words[0].isupper() and len(words[0]) > 2 and not words[0].endswith("."):
        rest_mixed = all(not w.isupper() for w in words[1:])
        if rest_mixed and words[0].lower() not in SURNAME_FIRST:
            words = [*words[1:], words[0]]
    while len(words) > 2 and words[-1].rstrip(".,").lower() in _NAME_SUFFIXES:
        words.pop()  # ``Ferdinand Marcos Jr.`` is ``Ferdinand Marcos``
    display = [display_token(w) for w in words]
    if len(display) > 2:
        display = [display[0]] + [w for w in display[1:-1] if not _is_initial(w)] + [display[-1]]
    return tuple(display)


# Japanese given names, for ``Kamikawa Yoko`` written without a surname-only mention.
_JAPANESE_GIVEN = frozenset(
    """yoko yoshimasa fumio shigeru taro toshimitsu shinzo yoshihide takeshi katsunobu minoru
    hirokazu yasuhide takako seiko tomomi sanae yasuhisa koichi akihiro kenji hiroshi makoto
    nobuo yoriko noriko kyoko junichiro tsuneo katsuya""".split()
)


def english_order(person: Person, norm: str) -> None:
    """Rename a Japanese participant written surname first (``Kamikawa Yoko``) given name
    first, as English usually writes Japanese names, so that the id is the same whichever
    order an article uses. The surname is the word the text also uses alone (``Minister
    Kamikawa``); without that, a known given name in last place decides.
    """
    tokens = person.name.split(" ")
    if len(tokens) != 2:
        return
    first, last = tokens
    if person.country != "Japan" and (
        person.country is not None
        or last.lower() not in _JAPANESE_GIVEN
        or first.lower() in SURNAME_FIRST
    ):
        return
    both = norm.count(person.name)
    first_alone = norm.count(first) > both
    last_alone = norm.count(last) > both
    if (first_alone and not last_alone) or (
        not last_alone and last.lower() in _JAPANESE_GIVEN and first.lower() not in _JAPANESE_GIVEN
    ):
        person.rename(f"{last} {first}", person.keys)


def country_of(phrase: str) -> str | None:
    """The canonical country of ``phrase`` (``South Korean`` -> ``South Korea``), if any."""
    key = phrase.strip().lower()
    if key.endswith("'s"):
        key = key[:-2]
    return COUNTRY_OF.get(key)


@lru_cache(maxsize=4096)
def analyse(seq: str) -> tuple[tuple[tuple[str, ...], str | None, str | None, str | None], ...]:
    """Split one run of capitalised words into people: (name tokens, role, country, sex).

    ``Chinese State Councillor and Foreign Minister Wang Yi and South Korean Foreign Minister
    Park Jin`` gives two; a run with a role but no name (``The Secretary``) gives one with an
    empty name, so that callers can resolve it as a role nominal.
    """
    tokens = seq.replace("/", " / ").split() if "/" in seq else seq.split()
    out: list[tuple[tuple[str, ...], str | None, str | None, str | None]] = []
    role: list[str] = []
    name: list[str] = []
    country: str | None = None
    sex: str | None = None
    index = 0
    # ``General Director of DOM.RF Vitaly Mutko``: after a role's ``of``, the words up to the
    # name are the body the role belongs to, not the name.
    of_body = False

    def close() -> None:
        nonlocal role, name, country, sex, of_body
        if of_body and len(name) == 1 and _body_word(name[0]):
            role.extend(name)  # ``General Director of DOM``: a body, named alone
            name = []
        if of_body and len(name) >= 3 and (len(name) > 3 or _body_word(name[0])):
            role.extend(name[:-2] if len(name) > 3 else name[:1])
            name = name[-2:] if len(name) > 3 else name[1:]
        of_body = False
        while role and role[-1].lower() in CONNECTORS:
            role.pop()
        while role and role[0].lower() in CONNECTORS:
            role.pop(0)
        role_text = " ".join(role) if role and any(w.lower() in ROLE_HEADS for w in role) else None
        if role_text and " / " in role_text:
            role_text = role_text.replace(" / ", "/")
        if role_text and role_text.isupper() and len(role_text) > 4:
            role_text = role_text.title()  # ``PRESIDENT`` in a transcript label
        if role_text:
            for word in role:
                sex = sex or _SEXED_ROLES.get(word.lower())
            # Roles are joined with single spaces: no `` of `` means the pattern cannot match.
            of_country = _ROLE_OF_COUNTRY.match(role_text) if " of " in role_text else None
            if of_country is not None:
                found = country_of(of_country.group("country"))
                if found:
                    country = country or found
                    role_text = of_country.group("role")
        if name or role_text or country:
            out.append((tuple(name), role_text, country, sex))
        role, name, country, sex = [], [], None, None

    while index < len(tokens):
        token = tokens[index]
        low = token.lower()
        bare = low[:-2] if low.endswith("'s") else low
        # Country phrases of several words first: ``South Korean``, ``Republic of Korea``.
        matched = 0
        for phrase in _MULTI_BY_FIRST.get(low, ()):
            size = len(phrase)
            if index + size <= len(tokens):
                window = " ".join(tokens[index : index + size]).lower()
                if window.endswith("'s"):
                    window = window[:-2]
                if window == " ".join(phrase):
                    matched = size
                    break
        if matched:
            if name or country is not None:
                close()  # ``Japan and South Korea``: two places, two parts
            found = COUNTRY_OF[" ".join(tokens[index : index + matched]).lower().removesuffix("'s")]
            if role and role[-1].lower() == "of":
                role.extend(tokens[index : index + matched])
            else:
                country = country or found
            index += matched
            continue
        if low == "and" or low == "/":
            if name:
                close()
            else:
                role.append(token)
        elif low == "of" and name and of_body:
            role.extend(name)  # ``Chairman of the Board of Sberbank``
            role.append(token)
            name = []
        elif low == "of" and name and not country and index + 1 < len(tokens):
            # ``Prime Minister Kishida Fumio of Japan``: the country is this person's.
            rest = " ".join(tokens[index + 1 :]).lower()
            own = COUNTRY_OF.get(rest.removesuffix("'s"))
            if own is None:
                close()
                role.append(token)
            else:
                country = own
                index = len(tokens)
                continue
        elif low in CONNECTORS:
            if name:
                close()
            if not name:
                role.append(token)
        elif low in NAME_PARTICLES and name:
            name.append(token)
        elif bare in COUNTRY_OF and not (name and bare in SURNAME_FIRST):
            if name or (country is not None and not (role and role[-1].lower() == "of")):
                close()
            if role and role[-1].lower() == "of":
                role.append(token)
            else:
                country = country or COUNTRY_OF[bare]
        elif low.rstrip(".") in ROLE_WORDS or low in ROLE_WORDS:
            if name and of_body:
                role.extend(name)  # ``Chairman of the World Economic Forum``: the body
                name = []
            elif name:
                close()
            role.append(token)
        elif low in HONORIFICS:
            if name:
                close()
            sex = sex or HONORIFICS[low] or None
        elif (low in SURNAME_FIRST and role and not name and index + 1 < len(tokens)) and tokens[
            index + 1
        ][:1].isupper():
            name.append(token)  # ``Vice Premier He Lifeng``: ``He`` is a surname here
        elif low.rstrip(".") in NOT_NAME and of_body:
            # ``Executive Chairman of the World Economic Forum Klaus Schwab``: still the body.
            role.extend(name)
            role.append(token)
            name = []
        elif low.rstrip(".") in NOT_NAME and not name:
            if role:
                close()
        elif low.rstrip(".") in NOT_NAME:
            close()
        else:
            if not name and role and any(w in ("of", "for") for w in map(str.lower, role)):
                of_body = True
            name.append(token.rstrip(".") if len(token) > 2 and token.endswith(".") else token)
        index += 1
    close()
    return tuple(out)


def _body_word(token: str) -> bool:
    """``DOM.RF``, ``NATO``, ``G20``: a body's name, not a person's."""
    if token.lower() in _BODY_NOUNS:
        return True
    return "." in token.rstrip(".") or (token.isupper() and len(token) > 1) or not token.isalpha()


_BODY_NOUNS = frozenset(
    """service corporation company institute academy university centre center foundation
    society agency authority bureau fund bank forum board court guard police""".split()
)


@lru_cache(maxsize=4096)
def _named_parts(
    seq: str,
) -> tuple[tuple[tuple[str, ...], str | None, str | None, str | None], ...]:
    """The parts of ``analyse(seq)`` that name someone: most runs name nobody."""
    return tuple(part for part in analyse(seq) if part[0] and looks_like_name(part[0]))


@lru_cache(maxsize=4096)
def name_keys(name: tuple[str, ...]) -> frozenset[str]:
    return frozenset(
        t.lower().removesuffix("'s") for t in name if not _is_initial(t) and t not in NAME_PARTICLES
    )


@lru_cache(maxsize=4096)
def looks_like_name(name: tuple[str, ...]) -> bool:
    if not name or len(name) > 5:
        return False
    for position, token in enumerate(name):
        low = token.lower().removesuffix("'s").rstrip(".")
        if position == 0 and len(name) > 1 and low in SURNAME_FIRST:
            continue  # ``He Lifeng``
        if low in NOT_NAME or low in COUNTRY_OF or low in ROLE_WORDS:
            return False
        if any(map(str.isdigit, token)):
            return False
        if "-" in low and any(part in COUNTRY_OF for part in low.split("-")):
            return False  # ``China-South``, ``EU-China``
    return True


@lru_cache(maxsize=4096)
def _lookup_keys(name: tuple[str, ...]) -> frozenset[str]:
    return name_keys(tuple(display_token(t) for t in name))


@lru_cache(maxsize=4096)
def _full_key(keys: frozenset[str]) -> str:
    """The keys of a whole name as one string: sorted and joined once, not at every look-up."""
    return " ".join(sorted(keys))


# The most people one article's cast holds. Finding who a role or a pronoun means looks at
# every one of them, so a bound keeps reading linear in the text however many names it holds.
MAX_PEOPLE = 200


class Cast:
    """The people of one article and the names that refer to them."""

    def __init__(self) -> None:
        self.people: list[Person] = []
        self._by_key: dict[str, Person | None] = {}
        self._by_full: dict[str, Person] = {}
        self._dirty = False
        # Roles the title gives (``Meeting with Defence Minister Sergei Ivanov``) for people
        # the body names by surname only: (name keys, role, country).
        self.hints: list[tuple[frozenset[str], str | None, str | None]] = []
        # People a role nominal cannot mean just now (the subject of ``X met the President``).
        self.excluded: list[Person] = []

    def add(self, mention: Mention) -> Person | None:
        """Merge ``mention`` into the person it names, or start a new person."""
        display = person_name(mention.name)
        keys = name_keys(display)
        if not keys:
            return None
        person = self._match(keys)
        if person is None and mention.role:
            # ``President Joe Biden`` and ``President Joseph R. Biden, Jr.``: one person.
            person = self._same_surname(display, mention.role)
            if person is not None:
                person.keys = person.keys | keys
                self._dirty = True
        changed = person is None or len(keys) > len(person.keys)
        if person is None and len(self.people) >= MAX_PEOPLE:
            return None  # no meeting has so many: the rest are read as the narrator's
        if person is None:
            person = Person(
                name=" ".join(display),
                keys=keys,
                first=mention.start,
            )
            self.people.append(person)
        elif len(keys) > len(person.keys):
            # A fuller name for someone first named by surname only (``SECRETARY BLINKEN``).
            person.rename(" ".join(display), keys)
        person.first = min(person.first, mention.start)
        if mention.role and not person.role:
            person.role = mention.role
        if mention.country and not person.country:
            person.country = mention.country
        if mention.sex and not person.sex:
            person.sex = mention.sex
        if not person.role and self.hints:
            for hint_keys, role, country in self.hints:
                if person.keys <= hint_keys:
                    person.role = role
                    person.country = person.country or country
                    break
        if not person.sex and display[0].lower() in FEMALE_GIVEN and len(display) > 1:
            person.sex = FEMALE
        person.mentions.append(mention.start)
        if changed:
            self._dirty = True
        return person

    def adopt(self, mention: Mention, at: int) -> Person | None:
        """Someone named outside the text (in its title), as if first named at ``at``; no
        mention of them is kept, since none is in the text."""
        person = self.add(
            Mention(at, at, mention.name, mention.role, mention.country, mention.sex, True)
        )
        if person is not None and at in person.mentions:
            person.mentions.remove(at)
        return person

    def alias(self, person: Person, alias: str) -> None:
        """Another name the text gives ``person`` (``Jokowi``): it refers to them too."""
        key = alias.lower()
        if key not in person.keys and looks_like_name((alias,)):
            person.aliases = person.aliases | {key}
            self._dirty = True

    def _same_surname(self, display: tuple[str, ...], role: str) -> Person | None:
        """The one person with this (given-name-first) surname and this role, if any."""
        if len(display) < 2 or display[0].lower() in SURNAME_FIRST:
            return None  # ``Kim``, ``Lee``: many people share a surname-first surname
        surname = display[-1].lower()
        wanted = canonical_role(role)
        found = [
            p
            for p in self.people
            if p.role is not None
            and canonical_role(p.role) == wanted
            and p.surname.lower() == surname
            and " " in p.name
        ]
        return found[0] if len(found) == 1 else None

    def _match(self, keys: frozenset[str]) -> Person | None:
        if not self.people:
            return None
        if self._dirty:
            self._index()
        full = _full_key(keys)
        if full in self._by_full:
            return self._by_full[full]
        candidates = [p for p in self.people if keys <= p.keys or p.keys <= keys]
        if len(candidates) == 1:
            return candidates[0]
        return None

    def _index(self) -> None:
        self._dirty = False
        counts: dict[str, list[Person]] = {}
        self._by_full = {}
        for person in self.people:
            self._by_full[_full_key(person.keys)] = person
            for key in person.keys | person.aliases:
                counts.setdefault(key, []).append(person)
        self._by_key = {key: (ps[0] if len(ps) == 1 else None) for key, ps in counts.items()}

    def lookup(self, name: tuple[str, ...]) -> Person | None:
        """The person ``name`` (full or one token of it) refers to, if it is unambiguous."""
        if self._dirty:
            self._index()
        keys = _lookup_keys(name)
        if not keys:
            return None
        full = _full_key(keys)
        if full in self._by_full:
            return self._by_full[full]
        found: Person | None = None
        for key in keys:
            person = self._by_key.get(key)
            if person is None:
                continue
            if found is not None and found is not person:
                return None
            found = person
        if found is not None and keys <= found.keys:
            return found
        return None

    def by_role(self, noun: str | None, country: str | None) -> Person | None:
        """The person a role nominal (``the Secretary``, ``the Chinese top diplomat``) means."""
        best: Person | None = None
        best_score = 0
        for person in self.people:
            if self.excluded and person in self.excluded:
                continue
            if country is not None and person.country is not None and person.country != country:
                continue
            score = 1
            if country is not None and person.country == country:
                score += 4
            if noun:
                score += _role_score(noun, person.role)
                if score <= 1 and person.role is not None:
                    continue
            if person.met or person.spoke:
                score += 1
            # A tie goes to the one named first: ``The President`` of a readout is its host.
            if score > best_score or (
                score == best_score
                and best is not None
                and (person.hosts, -person.first) > (best.hosts, -best.first)
            ):
                best, best_score = person, score
        if noun is None and best is not None and best.country != country:
            # A bare place (``China urges ...``) names a participant only when exactly one
            # participant has no country yet and nobody else has this one.
            unknown = [p for p in self.people if p.country is None and (p.met or p.spoke)]
            if unknown != [best]:
                return None
        if country is not None and best is not None and best.country is None:
            # ``the Chinese top diplomat`` with one person of unknown country left: that is
            # where the text gives the country.
            others = [p for p in self.people if p is not best and p.country is None and p.met]
            if others:
                return None
            best.country = country
        return best


# The last word of a role that may stand before a comma and a name: ``The Foreign Secretary,
# David Cameron``, ``The President of the Republic, Emmanuel Macron``, ``... of Brazil, Lula``.
_ROLE_LAST_WORDS = (
    ROLE_HEADS
    | frozenset(COUNTRY_OF)
    | frozenset("republic federation kingdom affairs state commission union".split())
)

_DIPLOMAT_ROLES = ("foreign", "secretary of state", "external affairs", "state councillor")


_ROLE_SYNONYMS = (
    (
        re.compile(r"\bminister (?:of|for) foreign affairs\b|\bforeign affairs minister\b"),
        "foreign minister",
    ),
    (re.compile(r"\bminister (?:of|for) external affairs\b|\beam\b"), "external affairs minister"),
    (re.compile(r"\bpm\b"), "prime minister"),
    (re.compile(r"\bfm\b"), "foreign minister"),
    (re.compile(r"\bstate councilor\b"), "state councillor"),
)


@lru_cache(maxsize=1024)
def canonical_role(role: str) -> str:
    """``Minister of Foreign Affairs`` and ``Foreign Minister`` compare equal."""
    low = " ".join(role.lower().replace("-", " ").split())
    for pattern, replacement in _ROLE_SYNONYMS:
        low = pattern.sub(replacement, low)
    return low


# Words before a role that do not change who holds it.
_ROLE_QUALIFIERS = frozenset("federal honourable honorable visiting host".split())


_HEADS_OF = {
    "head of state": frozenset("president king queen emir amir sultan".split()),
    "head of government": frozenset("prime premier chancellor taoiseach".split()),
}


def _role_score(noun: str, role: str | None) -> int:
    noun = canonical_role(noun)
    if role and noun.startswith("head of ") and noun.split()[-1] in role.lower().split():
        return 2  # ``the head of the Fund`` for the managing director of the Monetary Fund
    if noun in {"side", "counterpart", "leader", "delegation", "official", "host", "guest"}:
        return 1
    if role is None:
        return 0
    low = canonical_role(role)
    if noun in {"top diplomat", "diplomat", "chief diplomat"}:
        if any(word in low for word in _DIPLOMAT_ROLES) or "foreign affairs" in low:
            return 3
        return 0
    if low == noun:
        return 4
    if noun in _HEADS_OF:
        return 3 if any(word in low.split() for word in _HEADS_OF[noun]) else 0
    if low.startswith(noun):
        return 3
    qualifier, _space, rest = noun.partition(" ")
    if rest == low and qualifier in _ROLE_QUALIFIERS:
        return 3  # ``the Federal Chancellor`` for ``Chancellor Olaf Scholz``
    if f" {noun} " in f" {low} ":  # ``presidential`` is no ``president``
        return 2
    if noun == "minister" and "secretary" in low and "foreign" in low:
        return 1
    return 0


# The last word before a name that makes a lower-case role: ``foreign minister Retno Marsudi``.
_LOWER_ROLE_LAST = frozenset(
    """diplomat minister president secretary premier chancellor counterpart envoy adviser
    advisor spokesperson spokesman spokeswoman leader ambassador councillor councilor""".split()
)


def capital_runs(norm: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Every run of capitalised words in ``norm[start:end]`` as (start, end, text)."""
    # The pattern has no leading ``\b`` (so that ``re`` can skip ahead fast): drop the rare
    # match that starts inside a word (``iPhone``).
    return [
        (match.start(), match.end(), match.group(0))
        for match in _CAPSEQ_RE.finditer(norm, start, end)
        if not norm[match.start() - 1].isalnum() or not match.start()
    ]


# Styles that stand where a role would but are not an office.
_STYLES = frozenset("prince princess sheikh sheikha lady sir".split())


def find_mentions(norm: str, runs: list[tuple[int, int, str]], floor: int) -> list[Mention]:
    """Every mention of a person with a role, an honorific or a role beside the name."""
    mentions: list[Mention] = []
    for start, end, seq in runs:
        if len(seq) < 3:
            continue
        for name, role, country, sex in _named_parts(seq):
            titled = role is not None or sex is not None
            if role is not None and role.lower() in _STYLES:
                # ``the Foreign Minister of Saudi Arabia, Prince Faisal``: the office is the role.
                extra = _context_role(norm, start, end, floor)
                if extra is not None and extra[0] is not None:
                    role, country = extra[0], country or extra[1]
            if role is None and sex is not None:
                # ``Ms. Kamikawa Yoko, Minister for Foreign Affairs of Japan,``
                extra = _context_role(norm, start, end, floor)
                if extra is not None and extra[0] is not None:
                    role, country = extra[0], country or extra[1]
            if not titled:
                extra = _context_role(norm, start, end, floor)
                if extra is None:
                    continue  # a bare name is a person only once it speaks or is met
                role, country, sex = extra
                titled = True
            mentions.append(Mention(start, end, name, role, country, sex, titled))
    return mentions


def _role_ends(norm: str, floor: int, end: int) -> bool:
    """Whether ``norm[:end]`` ends with the last word (or two: ``Saudi Arabia``) of a role."""
    space = norm.rfind(" ", floor, end)
    if norm[max(space + 1, end - 24) : end].lower() in _ROLE_LAST_WORDS:
        return True
    before = norm.rfind(" ", floor, space) if space > floor else -1
    return before >= 0 and norm[before + 1 : end].lower() in _ROLE_LAST_WORDS


def _context_role(
    norm: str, start: int, end: int, floor: int
) -> tuple[str | None, str | None, str | None] | None:
    """Role, country and sex given beside a bare name: an appositive or a lower-case role."""
    sex: str | None = None
    tail = norm[end : end + 16]
    head = norm[max(floor, start - 12) : start]
    # ``for his part`` / ``for her part``: both tests need the word ``part``.
    if "part" in tail or head.endswith("part, "):
        if "his part" in tail or head.endswith("his part, "):
            sex = MALE
        elif "her part" in tail or head.endswith("her part, "):
            sex = FEMALE
    if tail.startswith(", "):
        appositive = _APPOSITIVE.match(norm, end)
        if appositive is not None:
            parts = analyse(appositive.group("role"))
            if len(parts) == 1 and not parts[0][0] and parts[0][1]:
                return parts[0][1], parts[0][2], sex or parts[0][3]
        if tail.startswith((", a ", ", an ", ", the ")):
            lower = _LOWER_APPOSITIVE.match(norm, end)
            if lower is not None:
                role = lower.group("role")
                country = country_of(lower.group("adj")) if lower.group("adj") else None
                return role[0].upper() + role[1:], country, sex
    if norm.endswith(", ", floor, start) and _role_ends(norm, floor, start - 2):
        # ``The Foreign Secretary, David Cameron, met ...``: the role stands before the name.
        before = _ROLE_BEFORE_COMMA.search(norm, max(floor, start - 80), start)
        if before is not None:
            # ``between the President of the Republic and the President of Brazil, Lula``:
            # only the last role is this name's.
            parts = analyse(before.group("role").rsplit(" and the ", 1)[-1])
            if len(parts) == 1 and not parts[0][0] and parts[0][1]:
                return parts[0][1], parts[0][2], sex or parts[0][3]
    chunk = norm[max(floor, start - 20) : start].rstrip(" ,")
    before_word = chunk[chunk.rfind(" ") + 1 :]
    if before_word.lower() in _LOWER_ROLE_LAST:
        before = _LOWER_ROLE_BEFORE.search(norm, max(floor, start - 80), start)
        if before is not None and before.end() == start:
            adj = (before.group("adj") or before.group("adj2") or "").strip()
            country = None
            if adj:
                for _name, _role, found, _sex in analyse(adj):
                    country = country or found
            role = before.group("role")
            if role.endswith("counterpart"):
                return None, country, sex
            return role[0].upper() + role[1:], country, sex
    if sex:
        return None, None, sex
    return None


__all__ = [
    "CAPSEQ",
    "COUNTRY_OF",
    "FEMALE",
    "MALE",
    "NORMALIZE",
    "Cast",
    "Mention",
    "Person",
    "analyse",
    "capital_runs",
    "country_of",
    "english_order",
    "find_mentions",
    "normalise",
    "person_name",
]
