"""Who is who across articles: the labelled set of the identity tests and bench.

Two parts. REAL labels the real readouts in ``../shared/real`` (never copied here: only paths,
names and the person each is): ``(where, names as the article writes them, person)``, where
``where`` is a path under that folder, or a pattern of them (``kremlin/*``: every page of the
Kremlin's site that names "Putin" means Vladimir Putin). INVENTED are short articles written
for the hard cases (invented text, never published): the same person spelled, ordered, titled
and initialled differently, and different people who share a surname.

The person labels were written by reading the articles (their titles, dates and roles), never
from what the code makes of them. A speaker matches a label of its article whose name has the
same words, or, for a speaker of two words or more, whose words hold all of the speaker's (a
reading that lost one: "Kim Jong" for Kim Jong Un). A speaker whose name the reading made of
more than a name ("Chechnya Ramzan Kadyrov", "BP Ceo Robert Dudley") is not labelled: identity
works from names, and those are not names.
"""

from __future__ import annotations

from fnmatch import fnmatch
from itertools import combinations
from pathlib import Path
from typing import NamedTuple

from dipreader.core.corpus.corpus import load
from dipreader.core.model import Meeting
from dipreader.core.people.identity import fold_name

WH = "whitehouse/*"
ST = "state/*"
KR = "kremlin/*"

REAL: list[tuple[str, tuple[str, ...], str]] = [
    (KR, ("Vladimir Putin", "Putin"), "vladimir-putin"),
    ("kremlin/8020.html", ("Dmitry Medvedev",), "dmitry-medvedev"),
    ("kremlin/8043.html", ("Dmitry Medvedev",), "dmitry-medvedev"),
    ("kremlin/62249.html", ("Dmitry Medvedev",), "dmitry-medvedev"),
    ("kremlin/62289.html", ("Medvedev",), "dmitry-medvedev"),
    (KR, ("Sergei Lavrov",), "sergei-lavrov"),
    (ST, ("Lavrov",), "sergei-lavrov"),
    ("kremlin/33600.html", ("Emomali Rakhmonov",), "emomali-rahmon"),
    (KR, ("Emomali Rahmon",), "emomali-rahmon"),
    (KR, ("Nursultan Nazarbayev", "Nazarbayev"), "nursultan-nazarbayev"),
    (KR, ("Recep Tayyip Erdogan", "Erdogan"), "recep-erdogan"),
    (KR, ("Xi Jinping",), "xi-jinping"),
    (WH, ("Xi Jinping",), "xi-jinping"),
    (KR, ("Narendra Modi",), "narendra-modi"),
    (WH, ("Narendra Modi",), "narendra-modi"),
    (KR, ("Alexander Lukashenko",), "alexander-lukashenko"),
    (KR, ("Mahmoud Abbas",), "mahmoud-abbas"),
    (KR, ("Angela Merkel",), "angela-merkel"),
    (KR, ("Emmanuel Macron",), "emmanuel-macron"),
    (WH, ("Emmanuel Macron", "Macron"), "emmanuel-macron"),
    (KR, ("Olga Golodets",), "olga-golodets"),
    (KR, ("Tatyana Golikova",), "tatyana-golikova"),
    (KR, ("Igor Sechin",), "igor-sechin"),
    (KR, ("Antonio Guterres",), "antonio-guterres"),
    (WH, ("António Guterres",), "antonio-guterres"),
    (KR, ("Benjamin Netanyahu",), "benjamin-netanyahu"),
    (WH, ("Benjamin Netanyahu", "Netanyahu"), "benjamin-netanyahu"),
    # Akhmad Kadyrov, head of Chechnya in 2001, and his son Ramzan, its head since 2007.
    ("kremlin/40335.html", ("Kadyrov",), "akhmad-kadyrov"),
    ("kremlin/51567.html", ("Ramzan Kadyrov",), "ramzan-kadyrov"),
    # Three Ivanovs: Russia's foreign minister, its defence minister, Macedonia's president.
    ("kremlin/42180.html", ("Igor Ivanov",), "igor-ivanov"),
    ("kremlin/42531.html", ("Sergei Ivanov",), "sergei-ivanov"),
    ("kremlin/54556.html", ("Gjorge Ivanov",), "gjorge-ivanov"),
    ("kremlin/54703.html", ("Al Thani",), "tamim-al-thani"),
    (WH, ("Tamim Bin Hamad Al Thani", "Tamim Bin Hamad Al-Thani"), "tamim-al-thani"),
    # Two of the house of Saud, each "Al Saud" alone where the reading cut the name short.
    ("kremlin/63181.html", ("Salman bin Abdulaziz Al Saud", "Al Saud"), "salman-al-saud"),
    ("kremlin/63186.html", ("Mohammad bin Salman Al Saud", "Al Saud"), "mohammad-bin-salman"),
    (ST, ("Faisal bin Farhan Al Saud",), "faisal-bin-farhan"),
    ("kremlin/62563.html", ("Mohammed bin Zayed Al Nahyan", "Al Nahyan"), "mohammed-bin-zayed"),
    (KR, ("Donald Trump",), "donald-trump"),
    (KR, ("Hu Jintao",), "hu-jintao"),
    (KR, ("Zhang Gaoli",), "zhang-gaoli"),
    (KR, ("Jacob Zuma",), "jacob-zuma"),
    (KR, ("Nikol Pashinyan",), "nikol-pashinyan"),
    (KR, ("Igor Dodon",), "igor-dodon"),
    (KR, ("Giuseppe Conte",), "giuseppe-conte"),
    (KR, ("Hassan Rouhani",), "hassan-rouhani"),
    (KR, ("Jair Bolsonaro",), "jair-bolsonaro"),
    (KR, ("Sergei Sobyanin",), "sergei-sobyanin"),
    (KR, ("Nicolas Maduro",), "nicolas-maduro"),
    (KR, ("Milos Zeman",), "milos-zeman"),
    (KR, ("Kersti Kaljulaid",), "kersti-kaljulaid"),
    (KR, ("Sigmar Gabriel",), "sigmar-gabriel"),
    (KR, ("Jean-Marc Ayrault",), "jean-marc-ayrault"),
    (KR, ("Gurbanguly Berdimuhamedov",), "gurbanguly-berdimuhamedov"),
    # Named once or twice in the corpus, some sharing a given name (two Viktors, two
    # Nikolais, Alexanders, Andreis): never one id with anyone else.
    (KR, ("Alexander Boroda",), "alexander-boroda"),
    (KR, ("Alexander Shokhin",), "alexander-shokhin"),
    (KR, ("Andrei Klychkov",), "andrei-klychkov"),
    (KR, ("Andrei Travnikov",), "andrei-travnikov"),
    (KR, ("Anna Kuznetsova",), "anna-kuznetsova"),
    (KR, ("Ariel Sharon",), "ariel-sharon"),
    (KR, ("Berel Lazar",), "berel-lazar"),
    (KR, ("Boris Gryzlov",), "boris-gryzlov"),
    (KR, ("Boyko Borissov",), "boyko-borissov"),
    (KR, ("Gerhard Schroeder",), "gerhard-schroeder"),
    (KR, ("Gianni Infantino",), "gianni-infantino"),
    (KR, ("Gloria Macapagal Arroyo",), "gloria-macapagal-arroyo"),
    (KR, ("Guy Verhofstadt",), "guy-verhofstadt"),
    (KR, ("Hamid Karzai",), "hamid-karzai"),
    (KR, ("Horst Koehler",), "horst-koehler"),
    (KR, ("Igor Shuvalov",), "igor-shuvalov"),
    (KR, ("Ivica Dacic",), "ivica-dacic"),
    (KR, ("Junichiro Koizumi",), "junichiro-koizumi"),
    (KR, ("Klaus Martin Schwab",), "klaus-martin-schwab"),
    (KR, ("Leonid Kuchma",), "leonid-kuchma"),
    (KR, ("Louis Michel",), "louis-michel"),
    (KR, ("Lutfulla Shafigullin",), "lutfulla-shafigullin"),
    (KR, ("Magomedsalam Magomedov",), "magomedsalam-magomedov"),
    (KR, ("Mahathir Mohamad",), "mahathir-mohamad"),
    (KR, ("Nambaryn Enkhbayar",), "nambaryn-enkhbayar"),
    (KR, ("Nikolai Bordyuzha",), "nikolai-bordyuzha"),
    (KR, ("Nikolai Patrushev",), "nikolai-patrushev"),
    (KR, ("Olga Vasilyeva",), "olga-vasilyeva"),
    (KR, ("Rafik Hariri",), "rafik-hariri"),
    (KR, ("Romano Prodi",), "romano-prodi"),
    (KR, ("Ukhnaagiin Khurelsukh",), "ukhnaagiin-khurelsukh"),
    (KR, ("Viktor Tomenko",), "viktor-tomenko"),
    (KR, ("Vladimir Rushailo",), "vladimir-rushailo"),
    (KR, ("Yury Koptev",), "yury-koptev"),
    (KR, ("Viktor Gerashchenko", "Gerashchenko"), "viktor-gerashchenko"),
    (KR, ("Pascal Couchepin", "Couchepin"), "pascal-couchepin"),
    (KR, ("Frank-Walter Steinmeier", "Steinmeier"), "frank-walter-steinmeier"),
    (KR, ("Nouri al-Maliki", "Nouri"), "nouri-al-maliki"),
    (ST, ("Benny Gantz",), "benny-gantz"),
    (ST, ("Daniel Kritenbrink",), "daniel-kritenbrink"),
    (ST, ("Jessica Stern",), "jessica-stern"),
    (ST, ("Luigi Di Maio",), "luigi-di-maio"),
    (ST, ("Molly Phee",), "molly-phee"),
    (ST, ("Nikos Dendias",), "nikos-dendias"),
    (ST, ("Urmas Reinsalu",), "urmas-reinsalu"),
    (ST, ("Paul Kagame", "Kagame"), "paul-kagame"),
    (ST, ("Ferdinand Marcos Jr.", "Marcos"), "ferdinand-marcos"),
    (WH, ("Joseph R. Biden, Jr.", "Joe Biden", "Biden"), "joseph-biden"),
    (ST, ("Biden",), "joseph-biden"),
    (WH, ("Kamala Harris", "Harris"), "kamala-harris"),
    (ST, ("Antony J. Blinken", "Blinken"), "antony-blinken"),
    (ST, ("Yoshimasa Hayashi", "Hayashi Yoshimasa", "Hayashi"), "yoshimasa-hayashi"),
    (ST, ("Koichi Hagiuda", "Hagiuda"), "koichi-hagiuda"),
    (ST, ("Gina Raimondo", "Raimondo"), "gina-raimondo"),
    (ST, ("Kin Moy", "Moy"), "kin-moy"),
    (ST, ("Jalina Porter", "Porter"), "jalina-porter"),
    (ST, ("Ned Price", "Price"), "ned-price"),
    (ST, ("Dmytro Kuleba",), "dmytro-kuleba"),
    (ST, ("Wendy Sherman",), "wendy-sherman"),
    (ST, ("John Kerry",), "john-kerry"),
    (ST, ("Kim Jong-un",), "kim-jong-un"),
    (ST, ("Nancy Pelosi", "Pelosi"), "nancy-pelosi"),
    (ST, ("Felix Tshisekedi", "Tshisekedi"), "felix-tshisekedi"),
    (WH, ("Felix Tshisekedi", "Tshisekedi"), "felix-tshisekedi"),
    (WH, ("Justin Trudeau", "Trudeau"), "justin-trudeau"),
    (WH, ("Volodymyr Zelenskyy", "Zelenskyy"), "volodymyr-zelenskyy"),
    (WH, ("Olaf Scholz", "Scholz"), "olaf-scholz"),
    (WH, ("Jake Sullivan", "Sullivan"), "jake-sullivan"),
    (WH, ("Fumio Kishida", "Kishida"), "fumio-kishida"),
    (WH, ("Abdullah II",), "abdullah-ii"),
    (WH, ("Isaac Herzog", "Herzog"), "isaac-herzog"),
    (WH, ("Rishi Sunak", "Sunak"), "rishi-sunak"),
    (WH, ("Liz Truss", "Truss"), "liz-truss"),
    (WH, ("Giorgia Meloni", "Meloni"), "giorgia-meloni"),
    (WH, ("Naftali Bennett", "Bennett"), "naftali-bennett"),
    (WH, ("Cyril Ramaphosa", "Ramaphosa"), "cyril-ramaphosa"),
    (WH, ("Tô Lâm",), "to-lam"),
    (WH, ("Xiomara Castro",), "xiomara-castro"),
    (WH, ("Zuzana Caputova",), "zuzana-caputova"),
    (WH, ("Mario Draghi",), "mario-draghi"),
    (WH, ("Yoshihide Suga", "Suga"), "yoshihide-suga"),
    (WH, ("Anthony Albanese",), "anthony-albanese"),
    (WH, ("Abdel Fattah Al Sisi",), "abdel-fattah-al-sisi"),
    (WH, ("Sydney Mufamadi",), "sydney-mufamadi"),
]

# Invented articles (seed format) for the hard cases.
INVENTED: dict[str, str] = {
    "pl_sikorski": " date 2024-03-04 Polish Foreign Minister Radosław Sikorski met with "
    "Ukrainian Foreign Minister Dmytro Kuleba in Warsaw on Monday. Sikorski said Poland would "
    "keep supporting Ukraine. Kuleba thanked him for the help.\n",
    "wire_sikorski": " date 2024-05-10 Foreign Minister Radoslaw Sikorski of Poland held talks "
    "with German Foreign Minister Annalena Baerbock in Berlin. Radoslaw Sikorski said the two "
    "countries must work together. Baerbock agreed.\n",
    "jp_kishida_fumio": " date 2023-05-20 Prime Minister Kishida Fumio of Japan met with "
    "President Yoon Suk Yeol of South Korea in Hiroshima. Prime Minister Kishida said Japan "
    "values the partnership. President Yoon said he hoped for closer ties.\n",
    "wire_fumio_kishida": " date 2023-07-12 Japanese Prime Minister Fumio Kishida met with NATO "
    "Secretary General Jens Stoltenberg in Vilnius. Kishida said Japan would deepen "
    "cooperation with NATO. Stoltenberg welcomed the step.\n",
    "cn_wang_yi": " date 2023-07-14 Chinese Foreign Minister Wang Yi met with Indonesian Foreign "
    "Minister Retno Marsudi in Jakarta. Wang said China is ready to work with Indonesia. Retno "
    "said Indonesia values the ties.\n",
    "cn_wang_wenbin": " date 2023-08-02 Chinese Foreign Ministry Spokesperson Wang Wenbin spoke "
    "at a regular press conference in Beijing. Wang Wenbin said China firmly opposes the "
    "sanctions.\n",
    # Nothing says which Wang: he is neither of the two above for all the reader knows.
    "cn_wang_alone": " date 2023-09-01 Mr. Wang met with Indonesian Foreign Minister Retno "
    "Marsudi in Beijing on Friday. Mr. Wang said the talks had been useful. Retno agreed.\n",
    "kr_kim_jong_un": " date 2023-09-13 North Korean leader Kim Jong Un met with Russian "
    "President Vladimir Putin at the Vostochny Cosmodrome. Kim said North Korea would support "
    "Russia. Putin thanked him.\n",
    "kr_kim_yo_jong": " date 2023-07-11 Kim Yo Jong, the sister of the North Korean leader, "
    "issued a statement in Pyongyang. Kim Yo Jong said the United States must stop its "
    "flights.\n",
    "kr_kim_alone": " date 2023-10-05 Mr. Kim met with Russian Foreign Minister Sergei Lavrov in "
    "Pyongyang. Mr. Kim said the friendship would last. Lavrov agreed.\n",
    "kr_cho_tae_yul": " date 2024-04-02 South Korean Foreign Minister Cho Tae-yul met with U.S. "
    "Secretary of State Antony Blinken in Washington. Cho said the alliance was stronger than "
    "ever. Blinken agreed.\n",
    "kr_cho_hyun_dong": " date 2024-02-20 South Korean Ambassador to the United States Cho "
    "Hyun-dong met with U.S. Senator Mark Warner in Washington. Cho Hyun-dong said Seoul "
    "welcomed the support.\n",
    "kr_cho_alone": " date 2024-06-11 Foreign Minister Cho met with Japanese Foreign Minister "
    "Yoko Kamikawa in Tokyo. Cho said the two countries should cooperate. Kamikawa agreed.\n",
    "id_jokowi_intro": " date 2023-09-06 President Joko Widodo (Jokowi) met with Chinese Premier "
    "Li Qiang in Jakarta on Wednesday. Jokowi said Indonesia welcomed investment. Li said "
    "China would import more.\n",
    "id_jokowi": " date 2023-11-13 Indonesian President Jokowi met with U.S. President Joe Biden "
    "at the White House. Jokowi said the two countries would upgrade their ties. Biden "
    "welcomed him.\n",
    "in_modi_biden": " date 2023-09-08 Prime Minister Shri Narendra Modi held a bilateral "
    "meeting with the President of the United States, H.E. Mr. Joseph R. Biden, Jr., in New "
    "Delhi. Prime Minister Modi said India valued the partnership. President Biden thanked "
    "him.\n",
    "in_jaishankar_dr": " date 2023-07-14 External Affairs Minister Dr. S. Jaishankar met with "
    "Chinese Foreign Minister Wang Yi in Jakarta. Dr. Jaishankar said peace on the border was "
    "essential. Wang said both sides should manage differences.\n",
    "in_jaishankar_full": " date 2023-03-02 Indian External Affairs Minister Subrahmanyam "
    "Jaishankar met with Russian Foreign Minister Sergey Lavrov in New Delhi. Jaishankar said "
    "India would keep buying oil. Lavrov welcomed the position.\n",
}

INVENTED_LABELS: list[tuple[str, tuple[str, ...], str]] = [
    ("pl_sikorski", ("Radosław Sikorski",), "radoslaw-sikorski"),
    ("pl_sikorski", ("Dmytro Kuleba",), "dmytro-kuleba"),
    ("wire_sikorski", ("Radoslaw Sikorski",), "radoslaw-sikorski"),
    ("wire_sikorski", ("Annalena Baerbock",), "annalena-baerbock"),
    ("jp_kishida_fumio", ("Kishida Fumio",), "fumio-kishida"),
    ("jp_kishida_fumio", ("Yoon Suk Yeol",), "yoon-suk-yeol"),
    ("wire_fumio_kishida", ("Fumio Kishida",), "fumio-kishida"),
    ("wire_fumio_kishida", ("Jens Stoltenberg",), "jens-stoltenberg"),
    ("cn_wang_yi", ("Wang Yi",), "wang-yi"),
    ("cn_wang_yi", ("Retno Marsudi",), "retno-marsudi"),
    ("cn_wang_wenbin", ("Wang Wenbin",), "wang-wenbin"),
    ("cn_wang_alone", ("Wang",), "a-wang"),
    ("cn_wang_alone", ("Retno Marsudi",), "retno-marsudi"),
    ("kr_kim_jong_un", ("Kim Jong Un",), "kim-jong-un"),
    ("kr_kim_jong_un", ("Vladimir Putin",), "vladimir-putin"),
    ("kr_kim_yo_jong", ("Kim Yo Jong",), "kim-yo-jong"),
    ("kr_kim_alone", ("Kim",), "a-kim"),
    ("kr_kim_alone", ("Sergei Lavrov",), "sergei-lavrov"),
    ("kr_cho_tae_yul", ("Cho Tae-yul",), "cho-tae-yul"),
    ("kr_cho_tae_yul", ("Antony Blinken",), "antony-blinken"),
    ("kr_cho_hyun_dong", ("Cho Hyun-dong",), "cho-hyun-dong"),
    ("kr_cho_hyun_dong", ("Mark Warner",), "mark-warner"),
    ("kr_cho_alone", ("Cho",), "cho-tae-yul"),  # the foreign minister in June 2024
    ("kr_cho_alone", ("Yoko Kamikawa",), "yoko-kamikawa"),
    ("id_jokowi_intro", ("Li Qiang",), "li-qiang"),
    ("id_jokowi_intro", ("Joko Widodo", "Jokowi"), "joko-widodo"),
    ("id_jokowi", ("Jokowi",), "joko-widodo"),
    ("id_jokowi", ("Joe Biden",), "joseph-biden"),
    ("in_modi_biden", ("Narendra Modi",), "narendra-modi"),
    ("in_modi_biden", ("Joseph R. Biden, Jr.",), "joseph-biden"),
    ("in_jaishankar_dr", ("S. Jaishankar",), "subrahmanyam-jaishankar"),
    ("in_jaishankar_dr", ("Wang Yi",), "wang-yi"),
    ("in_jaishankar_full", ("Subrahmanyam Jaishankar",), "subrahmanyam-jaishankar"),
    ("in_jaishankar_full", ("Sergey Lavrov",), "sergei-lavrov"),
]


def load_labelled(
    real: Path, invented: Path, workers: int | None = None
) -> tuple[list[Meeting], dict[int, str]]:
    """The real readouts and the invented articles (written into ``invented``), loaded as one
    corpus as the CLI loads it, and each meeting's article as the labels name it."""
    for name, text in INVENTED.items():
        (invented / f"{name}.txt").write_text(text, encoding="utf-8")
    meetings = load([real, invented], cache=False, workers=workers).meetings
    article_of: dict[int, str] = {}
    for meeting in meetings:
        path = Path(meeting.path)
        if path.parent == invented:
            article_of[id(meeting)] = path.stem
        else:
            where = path.relative_to(real).as_posix()
            article_of[id(meeting)] = f"{where}:{meeting.line}" if meeting.line else where
    return meetings, article_of


class Labelled(NamedTuple):
    """One speaker of one article: who the labels say they are, and the id they got."""

    article: str
    name: str
    person: str
    id: str


def _matches(speaker: str, written: str) -> bool:
    mine, theirs = fold_name(speaker).words, fold_name(written).words
    return bool(theirs) and (mine == theirs or (len(mine) >= 2 and mine <= theirs))


def labelled(
    meetings: list[Meeting],
    article_of: dict[int, str],
    labels: list[tuple[str, tuple[str, ...], str]],
) -> tuple[list[Labelled], list[tuple[str, str]]]:
    """Every labelled speaker of ``meetings`` (``article_of``: id(meeting) -> its name, as the
    labels write it), and the speakers no label (or more than one person) fits."""
    found: list[Labelled] = []
    unlabelled: list[tuple[str, str]] = []
    for meeting in meetings:
        article = article_of.get(id(meeting))
        if article is None:
            continue
        for speaker in meeting.speakers:
            people = {
                person
                for where, names, person in labels
                if fnmatch(article, where) and any(_matches(speaker.name, n) for n in names)
            }
            if len(people) == 1:
                found.append(Labelled(article, speaker.name, people.pop(), speaker.id))
            else:
                unlabelled.append((article, speaker.name))
    return found, unlabelled


class Errors(NamedTuple):
    split: list[tuple[Labelled, Labelled]]  # one person, two ids
    merged: list[tuple[Labelled, Labelled]]  # two people, one id


def errors(found: list[Labelled]) -> Errors:
    """Pairwise: every two labelled speakers of one person with different ids, and every two
    of different people with one id."""
    split, merged = [], []
    for one, other in combinations(found, 2):
        if one.person == other.person and one.id != other.id:
            split.append((one, other))
        elif one.person != other.person and one.id == other.id:
            merged.append((one, other))
    return Errors(split, merged)
