"""Write N realistic seed-format readouts into DIR, for the benchmarks.

Usage: python bench/make_corpus.py N DIR [--seed S]

Each file looks like the samples in ``seeds/``: a `` date YYYY-MM-DD `` header line, sometimes a
photo caption before a blank line, sometimes a ``City - `` dateline, sentences sometimes glued
without a space after the full stop, curly and straight quotes, non-breaking spaces and dashes,
and sometimes the outlet's name glued onto the last sentence. The phrasing is combinatorial so
that random sentences rarely repeat word for word, and the vocabulary has real text's long
tail: besides the templates' words, a lexicon of 400,000 invented words (places, projects,
products, terms) drawn by Zipf's law (the r-th word as often as 1/r^1.1), about two in a
sentence. At 727,000 tokens that makes 18,000 word types where the templates alone made
8,000 (real text has about twice as many types per token as they did), and 58,000 types at
10,000 articles (3.7 million tokens), so that the index's cost is not flattered. The same
seed writes the same files.
"""

from __future__ import annotations

import argparse
import hashlib
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path


@dataclass(frozen=True)
class Person:
    name: str
    surname: str  # how later sentences refer back to them
    role: str
    country: str
    adjective: str
    capital: str


_COUNTRIES: list[tuple[str, str, str, list[str]]] = [
    # country, adjective, capital, names (surname-first where that is the custom)
    ("China", "Chinese", "Beijing", ["Wang Yi", "Qin Gang", "Li Qiang", "Han Zheng", "Ma Zhaoxu"]),
    ("South Korea", "South Korean", "Seoul", ["Park Jin", "Cho Tae-yul", "Chung Eui-yong"]),
    ("Japan", "Japanese", "Tokyo", ["Hayashi Yoshimasa", "Kamikawa Yoko", "Iwaya Takeshi"]),
    ("the United States", "US", "Washington", ["Antony Blinken", "Wendy Sherman", "Kurt Campbell"]),
    ("Russia", "Russian", "Moscow", ["Sergey Lavrov", "Andrei Rudenko", "Mikhail Galuzin"]),
    ("France", "French", "Paris", ["Catherine Colonna", "Stéphane Séjourné", "Jean-Noël Barrot"]),
    ("Germany", "German", "Berlin", ["Annalena Baerbock", "Heiko Maas", "Tobias Lindner"]),
    ("India", "Indian", "New Delhi", ["Subrahmanyam Jaishankar", "Vinay Kwatra"]),
    ("Indonesia", "Indonesian", "Jakarta", ["Retno Marsudi", "Sugiono Prabowo"]),
    ("Brazil", "Brazilian", "Brasília", ["Mauro Vieira", "Celso Amorim"]),
    ("South Africa", "South African", "Pretoria", ["Naledi Pandor", "Ronald Lamola"]),
    ("Egypt", "Egyptian", "Cairo", ["Sameh Shoukry", "Badr Abdelatty"]),
    ("Turkey", "Turkish", "Ankara", ["Mevlüt Çavuşoğlu", "Hakan Fidan"]),
    ("Australia", "Australian", "Canberra", ["Penny Wong", "Richard Marles"]),
    ("Vietnam", "Vietnamese", "Hanoi", ["Bui Thanh Son", "Pham Minh Chinh"]),
    ("Mexico", "Mexican", "Mexico City", ["Marcelo Ebrard", "Alicia Bárcena"]),
    ("Kenya", "Kenyan", "Nairobi", ["Alfred Mutua", "Musalia Mudavadi"]),
    ("Saudi Arabia", "Saudi", "Riyadh", ["Faisal bin Farhan", "Adel al-Jubeir"]),
    ("Singapore", "Singaporean", "Singapore", ["Vivian Balakrishnan", "Lawrence Wong"]),
    ("the United Kingdom", "British", "London", ["James Cleverly", "David Lammy"]),
    ("Pakistan", "Pakistani", "Islamabad", ["Bilawal Bhutto Zardari", "Ishaq Dar"]),
    ("Argentina", "Argentine", "Buenos Aires", ["Santiago Cafiero", "Diana Mondino"]),
    ("Nigeria", "Nigerian", "Abuja", ["Geoffrey Onyeama", "Yusuf Tuggar"]),
    ("Kazakhstan", "Kazakh", "Astana", ["Mukhtar Tileuberdi", "Murat Nurtleu"]),
    ("Norway", "Norwegian", "Oslo", ["Anniken Huitfeldt", "Espen Barth Eide"]),
    ("Chile", "Chilean", "Santiago", ["Antonia Urrejola", "Alberto van Klaveren"]),
    ("Malaysia", "Malaysian", "Kuala Lumpur", ["Saifuddin Abdullah", "Zambry Abdul Kadir"]),
    ("Thailand", "Thai", "Bangkok", ["Don Pramudwinai", "Parnpree Bahiddha-nukara"]),
    ("Iran", "Iranian", "Tehran", ["Hossein Amir-Abdollahian", "Abbas Araghchi"]),
    ("Italy", "Italian", "Rome", ["Antonio Tajani", "Luigi Di Maio"]),
]
_SURNAME_FIRST = {"China", "South Korea", "Japan", "Vietnam"}
_ROLES = [
    "Foreign Minister",
    "Minister of Foreign Affairs",
    "Deputy Foreign Minister",
    "Vice Minister of Foreign Affairs",
    "National Security Adviser",
    "Prime Minister",
    "Vice President",
    "Secretary of State",
    "Special Envoy",
    "Defense Minister",
    "Minister of Trade",
]
_OUTLETS = [
    "Global Times",
    "Xinhua",
    "Yonhap",
    "Kyodo News",
    "Reuters",
    "TASS",
    "Anadolu Agency",
    "Antara",
    "Bernama",
    "Press Trust of India",
    "Agence France-Presse",
    "The Straits Times",
    "Ahram Online",
    "Vietnam News Agency",
    "Saudi Press Agency",
]
_AGENCIES = ["VCG", "Xinhua", "AFP", "Reuters", "AP", "EPA", "Getty Images", "cnsphoto"]
_VENUES = [
    "Jakarta",
    "Bali",
    "Geneva",
    "New York",
    "Vientiane",
    "Phnom Penh",
    "Astana",
    "Johannesburg",
    "Rio de Janeiro",
    "Samarkand",
    "Hiroshima",
    "Munich",
    "Doha",
    "Abu Dhabi",
    "Nusa Dua",
    "Bishkek",
    "Addis Ababa",
    "Kigali",
    "Lima",
    "Tianjin",
]
_OCCASIONS = [
    "on the sidelines of the ASEAN foreign ministers' meetings",
    "on the sidelines of the Group of 20 (G20) foreign ministers' meeting",
    "during the Munich Security Conference",
    "on the margins of the UN General Assembly",
    "at the BRICS foreign ministers' meeting",
    "during the Shanghai Cooperation Organization summit",
    "at the East Asia Summit",
    "on the sidelines of the Asia-Pacific Economic Cooperation meetings",
    "during an official visit",
    "during a working visit",
    "at the Raisina Dialogue",
    "at the Shangri-La Dialogue",
    "on the sidelines of the climate conference",
    "during the strategic dialogue",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Pieces of diplomatic phrasing, combined at random.
_MODALS = [
    "should",
    "must",
    "are ready to",
    "are willing to",
    "will continue to",
    "need to",
    "stand ready to",
    "have agreed to",
    "hope to",
    "intend to",
]
_ACTIONS = [
    "deepen",
    "expand",
    "strengthen",
    "consolidate",
    "upgrade",
    "revitalize",
    "broaden",
    "advance",
    "safeguard",
    "enrich",
    "institutionalize",
    "accelerate",
    "steadily promote",
    "jointly explore",
    "further tap",
    "restore",
    "diversify",
    "streamline",
]
_OBJECTS = [
    "practical cooperation in {field}",
    "exchanges at all levels",
    "the comprehensive strategic partnership",
    "people-to-people and cultural exchanges",
    "dialogue mechanisms on {field}",
    "coordination on {issue}",
    "communication between the two foreign ministries",
    "mutual trust and understanding",
    "the momentum of high-level exchanges",
    "mutually beneficial cooperation in {field}",
    "policy coordination on {issue}",
    "joint research on {field}",
    "the free trade negotiations",
    "the bilateral currency swap arrangement",
    "direct flights between {city} and {city2}",
    "the visa facilitation agreement",
    "cooperation under the framework of {forum}",
    "the implementation of the memorandum on {field}",
    "the working group on {issue}",
    "youth and sister-city exchanges",
]
_FIELDS = [
    "trade and investment",
    "green energy",
    "the digital economy",
    "public health",
    "maritime security",
    "agriculture and food security",
    "semiconductors",
    "supply chain resilience",
    "infrastructure",
    "education and tourism",
    "artificial intelligence",
    "climate change",
    "space exploration",
    "critical minerals",
    "fisheries",
    "customs and quarantine",
    "nuclear safety",
    "water resources",
    "electric vehicles",
    "biotechnology",
    "cybersecurity",
    "disaster relief",
    "poverty reduction",
    "connectivity",
    "counter-terrorism",
    "law enforcement",
    "shipbuilding",
    "textiles",
    "civil aviation",
    "the blue economy",
]
_ISSUES = [
    "the situation on the Korean Peninsula",
    "the Ukraine crisis",
    "the Middle East peace process",
    "the South China Sea",
    "the Iranian nuclear issue",
    "the situation in Afghanistan",
    "the Red Sea shipping lanes",
    "reform of the United Nations Security Council",
    "global food and energy security",
    "the humanitarian situation in Gaza",
    "the Rohingya refugees",
    "the situation in Myanmar",
    "the Arctic",
    "nuclear non-proliferation",
    "the reform of the World Trade Organization",
    "debt relief for developing countries",
    "the Sahel",
    "the Horn of Africa",
    "the Mekong River",
    "the Black Sea grain corridor",
]
_FORUMS = [
    "the Belt and Road Initiative",
    "the Global Development Initiative",
    "ASEAN Plus Three",
    "the Shanghai Cooperation Organization",
    "BRICS",
    "the G20",
    "the Regional Comprehensive Economic Partnership",
    "the Quad",
    "the African Union",
    "the Lancang-Mekong Cooperation",
]
_PURPOSES = [
    "so as to bring more benefits to the people of both countries",
    "in order to inject fresh impetus into bilateral relations",
    "which serves the fundamental and long-term interests of the two peoples",
    "and make a greater contribution to regional peace and stability",
    "so that the relationship returns to a healthy and stable track",
    "to deliver tangible results before the end of the year",
    "in the spirit of mutual respect and equality",
    "on the basis of reciprocity and mutual benefit",
    "and jointly address global challenges",
    "to open a new chapter in the partnership",
    "without interference from third parties",
    "as the two countries mark the anniversary of diplomatic ties",
    "in line with the consensus reached by the two heads of state",
    "to keep the region free from bloc confrontation",
]
_REPORT = [
    "said",
    "noted",
    "stressed",
    "pointed out",
    "added",
    "emphasized",
    "underlined",
    "reiterated",
    "observed",
    "remarked",
]
_OPINIONS = [
    "{a} and {b} are {rel} that cannot be moved apart",
    "the relationship between {a} and {b} has withstood the test of the changing "
    "international landscape",
    "{a} firmly supports {b} in pursuing a development path suited to its national conditions",
    "{a} adheres to the principle of non-interference in internal affairs",
    "{a} respects the sovereignty and territorial integrity of {b}",
    "the two economies are highly complementary and the potential for cooperation is enormous",
    "{a} welcomes more {b_adj} companies to invest and do business in {a}",
    "unilateral sanctions and bullying run counter to the purposes of the UN Charter",
    "true multilateralism is the right answer to the challenges facing humanity",
    "{a} attaches great importance to its relations with {b}",
    "the {b_adj} side appreciates the constructive role played by {a} on {issue}",
    "{a} is willing to share its experience in {field} with {b}",
    "dialogue and consultation are the only viable way to resolve {issue}",
    "the two countries share broad common interests on {issue}",
    "cooperation on {field} has become a new growth point of the relationship",
    "the Taiwan question is the core of {a}'s core interests and a red line that must not "
    "be crossed",
    "{b} abides by the one-China principle and this position has not changed",
    "the bilateral trade volume reached a record high last year",
    "{a} is ready to host the next round of the strategic dialogue in {capital}",
    "the recent difficulties in ties do not serve the interests of either side",
    "{a} opposes any attempt to politicize economic and trade issues",
    "the international community should pay attention to the legitimate concerns of {b}",
    "{a} will import more high-quality {b_adj} products, including {product}",
    "the two sides have maintained close communication on {issue}",
]
_SYLLABLES = (
    "ka ri mo ta se lin do van ber gu ha no zi el mar ko sa de la vi en tu pa os ni ra "
    "chen yu wei an jo ba li fe ro mu ne ga ki so da ma tr il us ev ol ar ul"
).split()
# The long tail: invented words, the r-th drawn as often as 1/r^1.1 (Zipf's law).
_LEXICON_SIZE = 400_000
# Above 1, so that the types grow with the tokens about as real text's do (Heaps' law).
_ZIPF_EXPONENT = 1.1
_TAIL_NOUNS = [
    "project",
    "corridor",
    "industrial park",
    "programme",
    "initiative",
    "power plant",
    "port",
    "economic zone",
    "agreement",
    "forum",
    "basin",
    "railway",
    "processing",
    "festival",
    "exports",
    "dam",
    "province",
]
_TAIL_CLAUSES = [
    "including the {tail} {noun} in {Tail} and {Tail2}",
    "citing progress on the {Tail} {noun} and {tail} {tail2}",
    "naming {Tail}, {Tail2} and the {tail} {noun} among the priorities",
    "and visited the {tail} {noun} and the {tail2} {noun2} in {Tail}",
    "as work on the {tail} {noun} near {Tail} resumed",
    "with the {Tail} {noun} and the {tail} {noun2} as examples",
    "after talks in {Tail} on {tail} and {tail2}",
]


def _lexicon() -> tuple[list[str], list[float]]:
    """The invented words, most frequent first, and their cumulative Zipf weights."""
    rng = random.Random(1957)  # one lexicon whatever the corpus's seed
    seen: set[str] = set()
    found: list[str] = []
    while len(found) < _LEXICON_SIZE:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            found.append(word)
    cumulative: list[float] = []
    total = 0.0
    for rank in range(1, _LEXICON_SIZE + 1):
        total += rank**-_ZIPF_EXPONENT
        cumulative.append(total)
    return found, cumulative


_OFFICES = [
    "Department of Asian Affairs",
    "Department of European Affairs",
    "Treaty and Law Department",
    "Protocol Department",
    "Department of Policy Planning",
    "Consular Department",
    "Department of International Economic Affairs",
    "Information Department",
    "Department of Arms Control",
    "Department of African Affairs",
]
_ADVERBS = [
    "actively",
    "steadily",
    "vigorously",
    "jointly",
    "earnestly",
    "further",
    "comprehensively",
    "prudently",
    "pragmatically",
    "gradually",
    "resolutely",
    "continuously",
]
_EXTRAS = [
    "stressing that {a} never seeks a sphere of influence",
    "which has been repeatedly proven by the history of the relationship",
    "a consensus reaffirmed at the {ordinal} round of the strategic dialogue",
    "especially at a time when the world economy faces mounting downside risks",
    "while properly managing differences through candid consultation",
    "as agreed during the visit to {capital} last year",
    "given the rising tensions around {issue}",
    "so that the outcomes benefit the small and medium-sized enterprises of both nations",
    "and expressed appreciation for the assistance provided during the pandemic",
    "bearing in mind the upcoming summit in {city}",
    "noting the strong complementarity in {field}",
    "with a view to concluding the talks on {field} at an early date",
    "despite the lingering impact of {issue}",
    "in keeping with the spirit of the Five Principles of Peaceful Coexistence",
    "as the {b_adj} economy recovers from the downturn",
]
_RELATIONS = [
    "close neighbours",
    "inseparable partners",
    "comprehensive strategic partners",
    "good friends and brothers",
    "important trading partners",
    "all-weather partners",
]
_PRODUCTS = [
    "agricultural goods",
    "seafood",
    "beef and dairy",
    "tropical fruit",
    "wine",
    "coffee",
    "liquefied natural gas",
    "medical equipment",
    "durian",
    "soybeans",
    "machinery",
    "pharmaceuticals",
]
_NARRATION = [
    "The two sides also exchanged views on international and regional issues of common "
    "concern, including {issue}.",
    "The meeting lasted about {minutes} minutes, according to the {a_adj} foreign ministry.",
    "It was the {ordinal} meeting between the two ministers this year.",
    "Both delegations included senior officials in charge of {field}.",
    "The talks came as {issue} continued to draw international attention.",
    "Observers said the meeting signalled a thaw after months of strained ties.",
    "The visit is the first by a {b_adj} {role} to {a} in {years} years.",
    "The two ministers later witnessed the signing of several cooperation documents on {field}.",
    "Analysts in {capital} described the talks as candid and pragmatic.",
    "A joint press statement was issued after the meeting.",
]
_JOINT = [
    "The two sides agreed to {action} {obj}.",
    "They agreed in principle to hold the next round of consultations in {capital}.",
    "Both sides agreed that it is important to {action} {obj}.",
    "The two ministers agreed to {action} {obj} {purpose}.",
    "{a_name} and {b_name} also discussed {issue}.",
    "The two sides reviewed progress on {field} and agreed to {action} {obj}.",
]
_ORDINALS = ["second", "third", "fourth", "fifth", "first"]


def _people() -> list[Person]:
    people = []
    for country, adjective, capital, names in _COUNTRIES:
        for name in names:
            parts = name.split()
            surname = parts[0] if country in _SURNAME_FIRST else parts[-1]
            people.append(Person(name, surname, "", country, adjective, capital))
    return people


class _Writer:
    """Writes one article from a random generator."""

    def __init__(self, rng: random.Random, people: list[Person]) -> None:
        self.rng = rng
        self.people = people
        self.lexicon, self.cumulative = _lexicon()

    def tail(self) -> str:
        """A word of the long tail: most often a common one, now and then one seen once."""
        return self.rng.choices(self.lexicon, cum_weights=self.cumulative)[0]

    def tail_clause(self) -> str:
        template = self.pick(_TAIL_CLAUSES)
        return template.format(
            tail=self.tail(),
            tail2=self.tail(),
            Tail=self.tail().capitalize(),
            Tail2=self.tail().capitalize(),
            noun=self.pick(_TAIL_NOUNS),
            noun2=self.pick(_TAIL_NOUNS),
        )

    def pick(self, items: list[str]) -> str:
        return self.rng.choice(items)

    def fill(self, template: str, a: Person, b: Person) -> str:
        rng = self.rng
        city, city2 = rng.sample(_VENUES, 2)
        values = {
            "a": a.country,
            "b": b.country,
            "a_adj": a.adjective,
            "b_adj": b.adjective,
            "a_name": a.name,
            "b_name": b.name,
            "capital": rng.choice([a.capital, b.capital]),
            "field": self.pick(_FIELDS)
            if rng.random() < 0.6
            else f"{self.tail()} {self.pick(_TAIL_NOUNS)}",
            "issue": self.pick(_ISSUES),
            "forum": self.pick(_FORUMS),
            "city": city,
            "city2": city2,
            "rel": self.pick(_RELATIONS),
            "product": self.pick(_PRODUCTS),
            "minutes": str(rng.choice([40, 45, 50, 60, 75, 90, 100, 120])),
            "ordinal": self.pick(_ORDINALS),
            "years": str(rng.randint(2, 15)),
            "role": self.pick(_ROLES).lower(),
            "action": self.pick(_ACTIONS),
            "purpose": self.pick(_PURPOSES),
        }
        values["obj"] = self.pick(_OBJECTS).format(**values)
        return template.format(**values)

    def clause(self, a: Person, b: Person) -> str:
        rng = self.rng
        if rng.random() < 0.45:
            text = self.fill(self.pick(_OPINIONS), a, b)
        else:
            subject = rng.choice(
                ["the two sides", "both countries", a.country, "the two countries", "both sides"]
            )
            adverb = f"{self.pick(_ADVERBS)} " if rng.random() < 0.4 else ""
            text = f"{subject} {self.pick(_MODALS)} {adverb}{{action}} {{obj}}"
            if rng.random() < 0.6:
                text += ", {purpose}"
            text = self.fill(text, a, b)
        roll = rng.random()
        if roll < 0.3:
            text += ", " + self.fill(self.pick(_EXTRAS), a, b)
        elif roll < 0.45:
            text += ", " + self.figure()
        else:
            text += ", " + self.tail_clause()
        return text

    def invented_name(self) -> str:
        """A made-up official's name: real news is full of names seen once (a long tail)."""
        rng = self.rng

        def word() -> str:
            syllables = rng.randint(2, 3)
            return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()

        return f"{word()} {word()}"

    def attendees(self, a: Person, b: Person) -> str:
        rng = self.rng
        side = rng.choice([a, b])
        office = self.pick(_OFFICES)
        return rng.choice(
            [
                f"Also present were {self.invented_name()}, head of the {office} of the "
                f"{side.adjective} foreign ministry, and {self.invented_name()}.",
                f"{self.invented_name()}, {side.adjective} ambassador to "
                f"{(b if side is a else a).country}, attended the talks.",
                f"The {side.adjective} delegation was joined by {self.invented_name()}, "
                f"director of the {office}.",
            ]
        )

    def figure(self) -> str:
        """A clause with numbers: they make sentences, and the vocabulary, more varied."""
        rng = self.rng
        amount = f"{rng.randint(2, 990)}.{rng.randint(0, 9)}"
        share = f"{rng.randint(1, 60)}.{rng.randint(0, 9)}"
        year = str(rng.randint(2005, 2024))
        return rng.choice(
            [
                f"noting that bilateral trade reached {amount} billion US dollars in {year}",
                f"with two-way investment up {share} percent year on year",
                f"adding that more than {rng.randint(2, 900)},000 students and tourists "
                f"travelled between the two countries in {year}",
                f"recalling the joint statement signed in {year}",
                f"as {rng.randint(3, 95)} projects under the {year} agreement are under way",
                f"citing a {share} percent rise in {self.pick(_PRODUCTS)} exports",
            ]
        )

    def statement(self, speaker: Person, other: Person, first: bool, role_noun: str) -> str:
        rng = self.rng
        clause = self.clause(speaker, other)
        verb = self.pick(_REPORT)
        style = rng.random()
        if style < 0.3:
            ref = speaker.surname if not first else speaker.name
            return f"{ref} {verb} that {clause}."
        if style < 0.45:
            opening, closing = ("\u201c", "\u201d") if rng.random() < 0.6 else ('"', '"')
            body = clause[0].upper() + clause[1:]
            ref = rng.choice([speaker.surname, "he", "she", role_noun])
            return f"{opening}{body},{closing} {ref} {verb}."
        if style < 0.6:
            return f"{clause[0].upper()}{clause[1:]}, {role_noun} {verb}."
        if style < 0.7:
            return f"For {rng.choice(['his', 'her'])} part, {speaker.surname} {verb} that {clause}."
        if style < 0.8:
            hope = rng.choice(["hoped", "urged", "called on"])
            target = other.country if hope != "hoped" else "the two sides would"
            if hope == "hoped":
                return f"{speaker.surname} {hope} that {target} {self.pick(_ACTIONS)} " + (
                    self.fill("{obj}", speaker, other) + "."
                )
            wish = self.fill("{action} {obj}", speaker, other)
            return f"{speaker.surname} {hope} {target} to {wish}."
        return f"{clause[0].upper()}{clause[1:]}."

    def article(self, day: date) -> str:
        rng = self.rng
        a, b = rng.sample(self.people, 2)
        while a.country == b.country:
            b = rng.choice(self.people)
        a_role, b_role = self.pick(_ROLES), self.pick(_ROLES)
        venue = self.pick(_VENUES)
        occasion = self.pick(_OCCASIONS)
        weekday = _WEEKDAYS[day.weekday()]
        opening = rng.choice(
            [
                f"{a.adjective} {a_role} {a.name} met with {b.adjective} {b_role} {b.name} "
                f"{occasion} in {venue} on {weekday}.",
                f"At the request of the {b.adjective} side, {a.name}, {a_role} of {a.country}, "
                f"held talks with {b.adjective} {b_role} {b.name} in {venue} on {weekday}, "
                f"during which the {a.adjective} {a_role.lower()} noted that "
                f"{self.clause(a, b)}.",
                f"{a.adjective} {a_role} {a.name} and {b.adjective} {b_role} {b.name} agreed "
                f"here on {weekday} to {self.fill('{action} {obj}', a, b)}.",
                f"{a.name}, the {a.adjective} {a_role.lower()}, spoke with {b.name} by phone on "
                f"{weekday} at the invitation of the {b.adjective} side.",
            ]
        )
        sentences = [opening]
        target = rng.randint(1500, 3000)
        size = len(opening)
        turn = [a, b]
        first = {a.name: True, b.name: True}
        while size < target:
            roll = rng.random()
            if roll < 0.62:
                speaker = turn[0] if rng.random() < 0.65 else turn[1]
                other = b if speaker is a else a
                title = rng.choice(["top diplomat", "minister", "official", "envoy"])
                role_noun = rng.choice(
                    [
                        f"the {speaker.adjective} {title}",
                        f"the {speaker.adjective} side",
                        speaker.surname,
                    ]
                )
                sentence = self.statement(speaker, other, first[speaker.name], role_noun)
                first[speaker.name] = False
                if rng.random() < 0.15:
                    turn.reverse()
            elif roll < 0.82:
                sentence = self.fill(self.pick(_JOINT), a, b)
            elif roll < 0.9:
                sentence = self.fill(self.pick(_NARRATION), a, b)
            else:
                sentence = self.attendees(a, b)
            if roll >= 0.62 and sentence.endswith(".") and rng.random() < 0.9:
                sentence = f"{sentence[:-1]}, {self.tail_clause()}."
            sentence = sentence[0].upper() + sentence[1:]
            sentences.append(sentence)
            size += len(sentence) + 1
        return self.layout(day, sentences, a, b, venue)

    def layout(self, day: date, sentences: list[str], a: Person, b: Person, venue: str) -> str:
        rng = self.rng
        glue_all = rng.random() < 0.35  # scraped pages that lost every space after a stop
        paragraphs: list[str] = []
        current = ""
        for index, sentence in enumerate(sentences):
            if rng.random() < 0.08:
                sentence = sentence.replace(" ", "\u00a0", 1)
            if rng.random() < 0.05:
                sentence = sentence.replace(", ", " \u2014 ", 1)
            if rng.random() < 0.1:
                sentence = sentence.replace("'", "\u2019")
            if not current:
                current = sentence
            elif glue_all or rng.random() < 0.15:
                current += sentence
            else:
                current += " " + sentence
            if index and rng.random() < 0.25 and index < len(sentences) - 1:
                paragraphs.append(current)
                current = ""
        if current:
            paragraphs.append(current)
        source = self.pick(_OUTLETS)
        roll = rng.random()
        if roll < 0.4:
            paragraphs[-1] += source
        elif roll < 0.6:
            paragraphs.append(source)
        separator = "\n\n" if rng.random() < 0.7 else "\n"
        body = separator.join(paragraphs)
        if rng.random() < 0.3:
            body = f"{rng.choice([venue, a.capital, b.capital])} - {body}"
        header = f" date {day.isoformat()} "
        if rng.random() < 0.4:
            caption = f"{a.country.removeprefix('the ').title()} {b.country.removeprefix('the ')}"
            caption += f" Photo:{self.pick(_AGENCIES)}"
            return f"{header}{caption}\n\n{body}\n"
        return f"{header}{body}\n"


def write_corpus(count: int, directory: Path, seed: int = 0) -> list[Path]:
    """Write ``count`` articles into ``directory``; returns their paths."""
    rng = random.Random(seed)
    writer = _Writer(rng, _people())
    directory.mkdir(parents=True, exist_ok=True)
    first_day = date(2015, 1, 1)
    paths = []
    for index in range(count):
        day = first_day + timedelta(days=rng.randrange(3650))
        text = writer.article(day)
        digest = hashlib.sha1(f"{seed}:{index}".encode()).hexdigest()[:16]
        path = directory / f"{index:06d}_{digest}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many articles")
    parser.add_argument("directory", type=Path, help="where to write them")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args()
    paths = write_corpus(args.count, args.directory, args.seed)
    total = sum(path.stat().st_size for path in paths)
    print(f"wrote {len(paths)} articles, {total / 1e6:.1f} MB, into {args.directory}")


if __name__ == "__main__":
    main()
