"""The words a readout's names and roles are made of: role words, honorifics, name particles,
words that are never names, surnames written first, given names that mark a woman.
"""

from __future__ import annotations

import re

from dipreader.core.text.names import table

MALE = "m"
FEMALE = "f"
# --- words -----------------------------------------------------------------------------------
# Words that make up roles (lower case). A role needs at least one head word.
ROLE_HEADS = frozenset(
    """president vice-president minister ministers secretary secretary-general premier
    vice-premier chancellor king queen prince princess emir amir sultan sheikh chairman
    chairwoman chair chairperson director director-general ambassador envoy spokesperson
    spokesman spokeswoman commissioner representative councillor councilor counsellor
    counselor adviser advisor governor mayor senator speaker leader head chief diplomat
    eam pm fm nsa marshal admiral general lady taoiseach official officer mufti rabbi patriarch
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
    hashemite sovereign commonwealth protection emergencies transport construction housing
    sport tourism communications media youth natural""".split()
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
SEXED_ROLES = {
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
    """administration
    the a an during at in on for when while after before noting it this that these those he
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


# Post-nominals: ``David Lammy MP`` is ``David Lammy``.
NAME_SUFFIXES = frozenset(table("name_suffixes.txt"))  # the table speaker ids drop them by


# Japanese given names, for ``Kamikawa Yoko`` written without a surname-only mention.
JAPANESE_GIVEN = frozenset(
    """yoko yoshimasa fumio shigeru taro toshimitsu shinzo yoshihide takeshi katsunobu minoru
    hirokazu yasuhide takako seiko tomomi sanae yasuhisa koichi akihiro kenji hiroshi makoto
    nobuo yoriko noriko kyoko junichiro tsuneo katsuya""".split()
)


BODY_NOUNS = frozenset(
    """service corporation company institute academy university centre center foundation
    society agency authority bureau fund bank forum board court guard police""".split()
)

DIPLOMAT_ROLES = ("foreign", "secretary of state", "external affairs", "state councillor")


ROLE_SYNONYMS = (
    (
        re.compile(r"\bminister (?:of|for) foreign affairs\b|\bforeign affairs minister\b"),
        "foreign minister",
    ),
    (re.compile(r"\bminister (?:of|for) external affairs\b|\beam\b"), "external affairs minister"),
    (re.compile(r"\bpm\b"), "prime minister"),
    (re.compile(r"\bfm\b"), "foreign minister"),
    (re.compile(r"\bstate councilor\b"), "state councillor"),
)


# Words before a role that do not change who holds it.
ROLE_QUALIFIERS = frozenset("federal honourable honorable visiting host".split())


HEADS_OF = {
    "head of state": frozenset("president king queen emir amir sultan".split()),
    "head of government": frozenset("prime premier chancellor taoiseach".split()),
}


# The last word before a name that makes a lower-case role: ``foreign minister Retno Marsudi``.
LOWER_ROLE_LAST = frozenset(
    """diplomat minister president secretary premier chancellor counterpart envoy adviser
    advisor spokesperson spokesman spokeswoman leader ambassador councillor councilor""".split()
)


# Styles that stand where a role would but are not an office.
STYLES = frozenset("prince princess sheikh sheikha lady sir".split())
