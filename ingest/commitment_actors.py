"""Who commits: the document's author and genre, and the actor of one commitment sentence.

The genre (circular, letter, minutes, government agreement, policy note, agreement) comes from the file
name, the title and the first page; it says who "ik" and "we/wij" are and who stands behind a passive
agreed measure. A sidecar ``author`` (NAME.meta.toml) overrides the inferred author. In a sentence,
an explicit subject wins: "partijen", "de werkgever" / "het bevoegd gezag", "de Vlaamse Regering",
"de sector", "de provincie", a named body, or the agent of a passive ("door P-Direkt").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.types import DocumentMeta

AUTHOR_FALLBACK = "auteur"


@dataclass(frozen=True)
class Authorship:
    """The genre of a document and who its first persons are.

    ``we``: the actor of "we/wij/ons"; ``i``: of "ik"; ``impersonal``: of passive or impersonal agreed
    measures; ``organisation``: the author's organisation ("provincie Overijssel") for "de provincie";
    ``speakers``: in minutes, person name -> organisation.
    """

    genre: str
    we: str
    i: str
    impersonal: str
    organisation: str = ""
    speakers: dict[str, str] = field(default_factory=dict)

    @property
    def passive_measures(self) -> bool:
        """Whether passive and impersonal measures count as commitments in this genre."""
        return self.genre not in {"convenant"}


_GENRES = (
    ("circulaire", re.compile(r"\bcirculaire\b|\bomzendbrief\b|\brondschrijven\b", re.I)),
    ("verslag", re.compile(r"\bverslag\b|\bnotulen\b|\bbesluitenlijst\b", re.I)),
    ("regeerakkoord", re.compile(r"regeerakkoord|regeringsakkoord|regeerprogramma|bestuursakkoord|coalitieakkoord|"
                                 r"regeerverklaring|\bVlaamse\s+Regering\s+\d{4}", re.I)),
    ("beleidsnota", re.compile(r"beleidsnota|beleidsbrief|beleidsplan|conceptnota|visienota|actieplan", re.I)),
    ("brief", re.compile(r"\bbrief\b|\bbrieven\b", re.I)),
    ("cao", re.compile(r"\bcao\b|collectieve\s+arbeidsovereenkomst|arbeidsvoorwaardenovereenkomst|"
                       r"sociaal\s+akkoord|protocolakkoord", re.I)),
)
_LETTER_HEAD = re.compile(r"\bOnderwerp\s*:|\bUw\s+(?:brief|kenmerk)\b|\bKenmerk\b", re.I)
_PROVINCE = re.compile(r"\b[Pp]rovincie\s+([A-Z][a-z]+(?:[- ][A-Z][a-z]+)?)")
_MUNICIPALITY = re.compile(r"\b[Gg]emeente\s+([A-Z][a-z]+(?:[- ][A-Z][a-z]+)?)")
_ATTENDEE = re.compile(r"([A-ZÀ-Ý][\wà-ÿ]+(?:\s+(?:de|van|der|den|ter|ten|het)){0,2}(?:\s+[A-ZÀ-Ý][\wà-ÿ]+){0,2})\s*\(((?:provincie|gemeente|waterschap)\s+[A-Z][\w-]+)\)")


def _genre(meta: DocumentMeta, first_page: str) -> str:
    if meta.doc_type in {"convenant", "addendum"} and not re.search(r"circulaire", meta.file_name + meta.title, re.I):
        name = meta.file_name + " " + meta.title
        return "cao" if _GENRES[-1][1].search(name) else "convenant"
    for genre, pattern in _GENRES:
        if pattern.search(meta.file_name) or pattern.search(meta.title):
            return genre
    if len(_LETTER_HEAD.findall(first_page)) >= 2:
        return "brief"
    head = first_page[:400]
    for genre, pattern in _GENRES:
        if pattern.search(head):
            return genre
    return "beleidstekst"


def _organisation(text: str) -> str:
    for pattern, kind in ((_PROVINCE, "provincie"), (_MUNICIPALITY, "gemeente")):
        match = pattern.search(text)
        if match:
            return f"{kind} {match.group(1)}"
    return ""


def _board(organisation: str, text: str) -> str:
    """The governing body that writes as "wij" for an organisation."""
    if organisation.startswith("provincie") or re.search(r"\bGedeputeerde\s+Staten\b", text):
        return "Gedeputeerde Staten"
    if organisation.startswith("gemeente"):
        return "college van burgemeester en wethouders"
    if re.search(r"\bVlaamse\s+Regering\b", text):
        return "Vlaamse Regering"
    return ""


def authorship(meta: DocumentMeta, text: str, author: str = "") -> Authorship:
    """The genre and first persons of a document from its metadata and text; ``author`` overrides."""
    first_page = text[:4000]
    genre = _genre(meta, first_page)
    organisation = _organisation(first_page) or _organisation(text)
    if genre == "circulaire":
        return Authorship(genre, author or "minister", author or "minister", "partijen", organisation)
    if genre in {"convenant", "cao"}:
        return Authorship(genre, author or "partijen", author or AUTHOR_FALLBACK, "partijen", organisation)
    if genre == "regeerakkoord":
        we = author or _board(organisation, first_page) or "Vlaamse Regering"
        return Authorship(genre, we, author or "minister", we, organisation)
    if genre == "verslag":
        speakers = {name.strip(): org for name, org in _ATTENDEE.findall(text[:6000])}
        orgs = list(dict.fromkeys(speakers.values()))
        lead = next((o for o in orgs if o.startswith("provincie")), orgs[0] if orgs else organisation)
        others = [o for o in orgs if o != lead]
        joint = f"{lead} en gemeenten" if lead and any(o.startswith("gemeente") for o in others) else lead
        return Authorship(genre, author or joint or AUTHOR_FALLBACK, author or AUTHOR_FALLBACK,
                          author or joint or AUTHOR_FALLBACK, lead or organisation, speakers)
    board = author or _board(organisation, text) or ("minister" if genre == "beleidsnota" else AUTHOR_FALLBACK)
    return Authorship(genre, board, author or ("minister" if genre == "beleidsnota" else board), board, organisation)


# -- the actor of one sentence ---------------------------------------------------------------------------
_EMPLOYER = r"(?:de\s+)?werkgevers?|(?:het\s+)?bevoegde?\s+gezag|(?:de\s+)?departementen|(?:de\s+)?salarissystemen|(?:de\s+)?beheerders\s+van\s+de\s+salarissystemen"
_NAMED = (  # (pattern of a subject as written, normalised actor); {org} is the author's organisation
    (r"partijen|de\s+centrales|de\s+vakorganisaties|sociale\s+partners\s+en\s+(?:de\s+)?overheid", "partijen"),
    (_EMPLOYER, "werkgever"),
    (r"(?:de\s+)?Vlaamse\s+(?:Regering|overheid)|(?:de\s+)?Vlaamse?\s+minister", "Vlaamse Regering"),
    (r"(?:de\s+)?sectorconsulent(?:en)?", "sectorconsulenten"),
    (r"(?:de\s+)?(?:sectorale\s+)?sociale\s+partners|(?:de\s+)?\w*sector(?!\s+Rijk)", "sector"),
    (r"Gedeputeerde\s+Staten|GS|het\s+college\s+van\s+GS", "Gedeputeerde Staten"),
    (r"Provinciale\s+Staten|uw\s+Staten|de\s+Staten", "Provinciale Staten"),
    (r"de\s+griffie", "griffie"),
    (r"(?:de\s+)?secretaris-generaal", "secretaris-generaal"),
    (r"(?:de\s+)?minister(?:\s+van\s+(?-i:[A-Z])[\w ]+?)?", "minister"),
    (r"(?:het\s+)?ABP", "ABP"), (r"P-Direkt", "P-Direkt"),
    (r"(?:het\s+)?Expertisecentrum\s+voor\s+Loopbaan\s+en\s+Mobiliteit", "Expertisecentrum voor Loopbaan en Mobiliteit"),
    (r"(?:het\s+)?Energiefonds\s+Overijssel|(?:het\s+)?EFO", "Energiefonds Overijssel"),
    (r"(?:de\s+)?provincie", "{org}"),
    (r"(?:de\s+)?gemeenten?\s+(?-i:[A-Z])[\w-]+(?:(?:,\s*|\s+en\s+)(?-i:[A-Z])[\w-]+)*", "{municipality}"),
)
_NAMED_RX = [(re.compile(rf"^(?:{p})\b", re.I if p not in {"GS"} else 0), actor) for p, actor in _NAMED]
_LEAD_WORDS = re.compile(r"^(?:(?:daarnaast|ook|verder|tevens|bovendien|vervolgens|daarom|daartoe|hiertoe|jaarlijks|"
                         r"eveneens|zo|dan|nu|voorts|concluderend)\s*,?\s+)+", re.I)
_FINITE = (r"(?:zal|zullen|organiseert|organiseren|verbindt|verbinden|engageert|engageren|spreekt|spreken|wil|willen|neemt|nemen|gaat|gaan|is|zijn|"
           r"heeft|hebben|betrekken|verlengen|erkent|zegt|zeggen|stelt|stellen|doet|doen|krijgt|krijgen|ondersteunt|"
           r"ondersteunen|organiseert|organiseren|werkt|werken|zorgt|zorgen|begeleidt|begeleiden|voorziet|voorzien|"
           r"financiert|financieren|subsidieert|investeert|investeren|draagt|dragen|legt|leggen|houdt|houden|maakt|maken)")
_INVERTED = re.compile(rf"\b{_FINITE}\s+(?P<subject>partijen|(?:de|het)\s+\w+(?:[ -]\w+){{0,2}}|Gedeputeerde\s+Staten|P-Direkt)\b", re.I)
_AGENT = re.compile(r"\b(?:door|het\s+is\s+aan)\s+(?P<agent>P-Direkt|(?:het|de)\s+(?:bevoegde?\s+gezag|werkgever|departementen|salarissystemen|"
                    r"ABP|provincie|griffie|Vlaamse\s+Regering)|Gedeputeerde\s+Staten)\b", re.I)
_FRAME = re.compile(r"^(?:indien|als|wanneer|zodra|nadat|voordat|aangezien|in\s+verband\s+met|met\s+ingang\s+van|om|op\s+grond\s+van|"
                    r"voorafgaande?\s+aan|bij)\b[^,]{0,200},\s*", re.I)  # a leading clause that only frames the main clause
# where the employer acts without being the subject: payroll processing, the departments' level
_EMPLOYER_PLACE = re.compile(r"\bop\s+departementaal\s+niveau\b|\bin\s+de\s+salarissystemen\s+(?:\w+\s+){0,2}?verwerkt\b", re.I)
_FIRST_PLURAL = re.compile(r"\b(?:we|wij|ons|onze)\b", re.I)
_FIRST_SINGULAR = re.compile(r"\bik\b", re.I)
_TO_READER = re.compile(r"\b(?:krijgt|ontvangt)\s+u\b|\bu\s+(?:ontvangt|krijgt)\b|\bwordt\s+u\b|\bu\s+daarover\b|\binformeren?\s+u\b", re.I)
_MINISTRY_WORK = re.compile(r"\bregelgeving\b|\bARAR\b|\bgeformaliseerd\b|\bformalisering\b|"
                            r"\bberichtgeving\b|^Artikel\s+\d|\bUWV\b|\bLoyalis\b|\bAPG\b|\bin\s+onderzoek\b", re.I)
_SPEAKER = re.compile(r"^(?P<name>[A-ZÀ-Ý][\wà-ÿ]+(?:\s+(?:de|van|der|den)){0,2}(?:\s+[A-ZÀ-Ý][\wà-ÿ]+){0,2})\s*(?::|\s+(?:geeft\s+aan|zegt\s+toe|"
                      r"wil|stelt\s+voor|komt|neemt|verzoekt|legt\s+uit|vindt))")


def _normalise(subject: str, authorship: Authorship) -> str | None:
    words = " ".join(subject.split())
    for pattern, actor in _NAMED_RX:
        match = pattern.match(words)
        if not match:
            continue
        if actor == "{org}":
            return authorship.organisation or "provincie"
        if actor == "{municipality}":
            return re.sub(r"^de\s+", "", match.group(0), flags=re.I).replace("Gemeente", "gemeente")
        return actor
    return None


def _speaker_org(sentence: str, authorship: Authorship) -> str | None:
    match = _SPEAKER.match(sentence)
    if not match or not authorship.speakers:
        return None
    name = match.group("name")
    for full, org in authorship.speakers.items():
        if name == full or full.startswith(name + " ") or name.split()[0] == full.split()[0]:
            return org
    return None


def named_subject(sentence: str, authorship: Authorship) -> str | None:
    """The known actor that is the subject of a sentence, at its start ("De sectorconsulenten begeleiden …")
    or after the finite verb ("Op 3 juli organiseert de griffie …"), else None."""
    text = _FRAME.sub("", _LEAD_WORDS.sub("", " ".join(sentence.split())))
    subject = _normalise(text, authorship)
    if subject:
        return subject
    inverted = _INVERTED.search(text)
    return _normalise(inverted.group("subject"), authorship) if inverted else None


def sentence_actor(sentence: str, authorship: Authorship, context: str | None = None) -> str:
    """The actor of a commitment sentence: its subject, else the first person, else ``context`` (the
    chapter, article or list lead-in), else the genre's actor for impersonal measures."""
    text = _LEAD_WORDS.sub("", " ".join(sentence.split()))
    text = _FRAME.sub("", text)
    speaker = _speaker_org(text, authorship)
    if speaker:
        provincial = re.search(r"\bde\s+provincie\b", text, re.I)
        return authorship.organisation if provincial and authorship.organisation else speaker
    subject = _normalise(text, authorship)
    if subject:
        return subject
    inverted = _INVERTED.search(text)
    if inverted:
        subject = _normalise(inverted.group("subject"), authorship)
        if subject:
            return subject
    agent = _AGENT.search(text)
    if agent:
        subject = _normalise(agent.group("agent"), authorship)
        if subject:
            return subject
    if _EMPLOYER_PLACE.search(text):
        return "werkgever"
    if _FIRST_SINGULAR.search(text):
        return authorship.i
    if _FIRST_PLURAL.search(text) or _TO_READER.search(text):
        return authorship.we
    if context:
        return context
    if authorship.genre == "circulaire" and _MINISTRY_WORK.search(text):
        return authorship.i
    return authorship.impersonal
