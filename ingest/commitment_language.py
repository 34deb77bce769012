"""Dutch commitment language: does a sentence commit someone to a future action, and how clearly?

A sentence is judged on its own (the caller adds what the context says: a committing list lead-in, the
document's genre). Positive cues, strongest first: reflexive engagements ("verbindt er zich toe",
"engageert zich", "neemt … op zich"), explicit promises ("zegt toe", "hebben wij toegezegd"),
agreements ("partijen spreken af", "is afgesproken", "overeengekomen"), "zal/zullen + werkwoord",
"willen (en zullen) we", employer undertakings ("is bereid", "neemt het initiatief"), first-person
plural present tense ("we investeren", "nemen we over"), "gaan + werkwoord", "er komt" and — in genres
that report agreed measures — passive measures ("worden … verhoogd", "komt te vervallen"). Vetoes:
questions, the past ("hebben … vastgesteld", "werd"), instructions ("dienen … te worden", "verzoek ik
u"), predictions and consequences ("zullen daardoor", "werken door naar", "pensioengevend"), opinions
("zijn van mening", "hechten belang"), definitions ("wordt verstaan", "betekent dat"), text about the
text ("hieronder noemen we"), possibilities ("kunnen … worden") and the rights or duties of employees.

Cues of the weaker kinds and the vetoes of the past only count in the main clause: a leading frame
("Indien …, neemt het bevoegd gezag …") and relative or other subordinate clauses ("Ambtenaren die in
dienst waren ontvangen …") are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HIGH = 0.75  # a score from here on is clear commitment language ("high" confidence)
KEEP = 0.5  # below this a sentence is not a commitment


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# -- clauses ------------------------------------------------------------------------------------------
_FRAME = _rx(r"^(?:indien|als|wanneer|zodra|nadat|voordat|aangezien|omdat|doordat|zolang|tenzij|in\s+verband\s+met|"
             r"op\s+grond\s+van|voorafgaande?\s+aan|om\s+(?:\S+\s+){0,25}?te\s+\w+)\b[^,;]{0,250},\s*")
# A subordinator opens a clause (not "die"/"dat" as a demonstrative: "in dat geval", "van die aansprakelijkheid",
# a sentence-initial "Dat"); the clause closes at its finite verb ("die in dienst waren | ontvangen …").
_SUBORDINATOR = _rx(r"(?<!\bin\s)(?<!\bop\s)(?<!\bvan\s)(?<!\bmet\s)(?<!\bbij\s)(?<!\bvoor\s)(?<!\bnaar\s)(?<!\btot\s)(?<!\buit\s)(?<!^)"
                    r"\b(?:die|dat)\b|\b(?:welke|wie|waar(?:bij|door|in|mee|op|van|voor|aan|om|uit|over|naar)?|omdat|doordat|toen|nadat|sinds|tenzij|"
                    r"zodat|hoe|wat|indien|wanneer|zodra|terwijl|mits|hoewel|zoals|(?<!/)of)\b")
_CLOSING_VERB = _rx(r"\b(?:is|zijn|was|waren|werd|werden|wordt|worden|heeft|hebben|had|hadden|kan|kunnen|zal|zullen|moet|moeten|"
                    r"mag|mogen|volgt|volgen|geldt|gelden|bestaat|bestaan|staat|staan|blijft|blijven|komt|komen|gaat|gaan|valt|vallen|"
                    r"werkt|werken|ontvangt|ontvangen|ontvingen|krijgt|krijgen|kregen|hoort|horen|wil|willen)\b")
_BOUNDARY = re.compile(r"[,;:()–]|\s-\s")
_COORDINATION = _rx(r"\s+(?:en|of)\s+\S")
# A word of the same clause: a pattern that spans words must not run across a subordinator ("wordt bezien of
# de groep groter kan worden" studies, it does not allow; "het hebben van een auto die is aangemerkt" is no past).
_WORD_IN_CLAUSE = r"(?:\s+(?!(?:of|dat|die|zodat|waarmee|waarbij|waardoor)\b)\S+)"


def main_clause(text: str) -> str:
    """The sentence without a leading frame clause ("Indien …, ")."""
    return _FRAME.sub("", text, count=1)


def _in_subclause(text: str, position: int) -> bool:
    """Whether ``position`` lies in a subordinate clause: a subordinator since the last clause boundary
    whose clause has not yet been closed by its finite verb, or whose clause goes on after it with a
    coordinated one ("die … in dienst waren en … in dienst waren, ontvangen …")."""
    before = text[:position]
    cut = max((m.end() for m in _BOUNDARY.finditer(before)), default=0)
    opening = _last_match(_SUBORDINATOR, before, cut)
    if opening is None:
        return False
    closing = _last_match(_CLOSING_VERB, before, opening.end())
    return closing is None or bool(_COORDINATION.match(before, closing.end()))


def _last_match(pattern: re.Pattern[str], text: str, start: int) -> re.Match[str] | None:
    last = None
    for last in pattern.finditer(text, start):
        pass
    return last


def _main_hit(pattern: re.Pattern[str], text: str) -> bool:
    return any(not _in_subclause(text, m.start()) for m in pattern.finditer(text))


# -- positive cues ------------------------------------------------------------------------------------
_WE = r"(?:we|wij)"
_REFLEXIVE = _rx(r"\b(?:verbind(?:t|en)|verbond(?:en)?)\s+(?:\w+\s+){0,3}?(?:er\s+)?zich\b|\bengage(?:ert|ren)\s+(?:\w+\s+){0,2}?zich\b"
                 r"|\bverplicht(?:en)?\s+(?:\w+\s+){0,2}?zich\b|\bzich\s+(?:er)?toe\s+te\b|\bneem?t\s+.{0,60}\bop\s+zich\b"
                 r"|\bnemen\s+.{0,60}\bop\s+zich\b")
_PROMISE = _rx(r"\bzeg(?:t|gen)\s+(?:\w+\s+){0,4}?toe\b|\btoegezegd\b|\bbelo(?:ven|ofd?)\b|\btoezegging\b")
# "afgesproken"/"overeengekomen" as a verb ("is afgesproken", "Afgesproken wordt"), not as an adjective
# ("de overeengekomen verhoging") nor in "Zoals afgesproken".
_AGREE = _rx(r"\bspre(?:ekt|ken)\s+(?:\w+\s+){0,4}?af\b|\bkomen\s+(?:\w+\s+){0,3}?overeen\b|\bmaken\s+(?:\w+\s+){0,3}?afspraken\b"
             r"|\b(?:is|zijn|wordt|worden|hebben|heeft|hebt)\b(?:\s+\S+){0,12}?\s+(?:afgesproken|overeengekomen)\b"
             r"|(?<!zoals\s)\b(?:afgesproken|overeengekomen)\s*,?\s*(?:dat|om|is|wordt|werd|zijn)\b")
_WILL = _rx(r"\b(?:zal|zullen)\b")
_NOT_WILL = _rx(r"\b(?:zal|zullen)\s+(?:\w+\s+){0,6}?(?:daardoor|dus\b(?!\s+noch)|waarschijnlijk|wellicht|mogelijk|naar\s+verwachting)\b"
                r"|\b(?:zal|zullen)\s+(?:\w+\s+){0,10}?(?:raken|leiden\s+tot|betekenen|ontstaan|nodig\s+zijn|pensioengevend\s+zijn)\b")
_WANT = _rx(rf"\bwil(?:len)?\s+(?:en\s+zullen\s+)?{_WE}\b|\b{_WE}\s+wil(?:len)?\b|\bpartijen\s+willen\b|\bwil(?:len)?\s+partijen\b"
            rf"|\bwil(?:t|len)?\s+(?:\w+\s+){{0,6}}?(?:meewerken|bijdragen|investeren|inzetten|invoeren|ondersteunen|zorgen|"
            rf"realiseren|onderzoeken|versterken|uitbreiden|verbeteren|stimuleren|beschermen|werken)\b")
_GO = _rx(r"\bga(?:at|an)\s+(?!(?:naar|over|om|door|uit|met|in|op|van|voor|er|het|de|een|nog|niet|verloren|gepaard)\b)"
          r"(?:\w+\s+){0,8}?(?!(?:verdwijnen|ontstaan|gebeuren|komen|worden|zijn)\b)(?:\w+en)\s*(?:[.,;)]|$)")
# a named actor with a verb of action in the present tense ("De sectorconsulenten begeleiden ...")
_ACTION = (r"ondersteun(?:t|en)|begeleid(?:t|en)|voorzie(?:t|n)|neemt\s+deel|nemen\s+deel|organiseert|organiseren|"
           r"zorg(?:t|en)\s+voor|werk(?:t|en)\s+samen|financier(?:t|en)|subsidieert|subsidiëren|investeert|investeren|"
           r"stimuleert|stimuleren|ontwikkelt|ontwikkelen|bezorgt|bezorgen|verspreidt|verspreiden|stelt\s+\w+\s+ter\s+beschikking")
_ACTS = _rx(rf"^(?:\S+\s+){{0,8}}?(?:{_ACTION})\b")
_EMPLOYER = _rx(r"\b(?:is|zijn)\s+(?:\w+\s+){0,4}?bereid\b|\bneemt\s+(?:\w+\s+){0,4}?het\s+initiatief\b|\berkent\s+de\s+aansprakelijkheid\b"
                r"|\b(?:is|zijn)\s+(?:vanzelfsprekend\s+)?verantwoordelijk\s+voor\b|\bhet\s+is\s+aan\s+(?:het|de)\b")
_OBLIGED = _rx(r"\b(?:is|zijn)\s+(?:\w+\s+){0,4}?verplicht\b")
_THERE_COMES = _rx(r"\ber\s+kom(?:t|en)\b|\bkom(?:t|en)\s+er\b")
_SEND = _rx(r"\b(?:krijgt|ontvangt)\s+u\b|\bu\s+(?:ontvangt|krijgt)\b|\bwordt\s+u\s+(?:\w+\s+){0,3}?(?:bericht|geïnformeerd|ingelicht)\b")
_INSPAN = _rx(r"\bzich\s+(?:blijven\s+)?inspann?en\b|\binspannen\b|\bons\s+inspannen\b")
# passive and impersonal agreed measures
_PASSIVE = _rx(r"\b(?:wordt|worden)\b(?:\s+\S+){0,60}?\s+(?:ge\w+(?:d|t|en)|\w+(?:eerd|erd|ieerd)|(?:ver|be|ont|her|uit|op|toe|aan|in|af|door|over|mee|vast|voort|bij|weg|terug|om|na)\w*(?:d|t|en))\b")
_MEASURE = _rx(r"\bkom(?:t|en)\s+(?:\w+\s+){0,6}?te\s+vervallen\b|\bkom(?:t|en)\s+(?:\w+\s+){0,8}?tot\s+uitbetaling\b"
               r"|\bgaat\s+in\s+(?:per|op|met)\b|\bwerkt\s+terug\b|\bvindt\s+(?:\w+\s+){0,3}?(?:overleg|monitoring|berichtgeving|afstemming|evaluatie|controle)\b.{0,80}\bplaats\b"
               r"|^(?:\S+\s+){0,2}?(?:overleg|monitoring|berichtgeving|afstemming|evaluatie|controle)\b.{0,80}\bvindt\b.{0,60}\bplaats\b"
               r"|\bkrijg(?:t|en)\s+(?:hij|zij|ze)\b.{0,80}\b(?:doorbetaald|uitbetaald|vergoed)\b"
               r"|\bontvang(?:t|en)\b(?:\s+\S+){0,20}?\s+een\s+(?:eenmalige\s+|éénmalige\s+|extra\s+|persoonlijke\s+)?(?:uitkering|tegemoetkoming|vergoeding|reactie)\b"
               r"|\bkrijg(?:t|en)\b(?:\s+\S+){0,12}?\s+(?:de\s+ruimte|dezelfde|een\s+voorrangspositie|voorrang)\b|\bheeft\b(?:\s+\S+){0,10}?\s+een\s+voorrangspositie\b"
               r"|\bwordt\s+het\b(?:\s+\S+){0,6}?\s+mogelijk\b|\bis\s+(?:nog\s+)?in\s+onderzoek\b"
               r"|\bwijzigt\s+(?:\w+\s+){0,6}?niet\b|\bbetrekken\s+partijen\b|\bverlengen\s+partijen\b")
_AIM = _rx(r"\bbeog?en\b|\bbeoogt\b|\b(?:de|als)\s+intentie\b|\binsteek\s+(?:van|is)\b|\buitgangspunt\s+(?:van|is|blijft)\b.*\b(?:partijen|we|wij)\b"
           r"|\bblijft\s+.{0,40}uitgangspunt\b")
# first-person plural with a verb in the present tense (either order: "we investeren", "nemen we over")
_WE_VERB = _rx(rf"\b{_WE}\s+(?P<v1>\w+)\b|\b(?P<v2>\w+)\s+{_WE}\b")
_NOT_ACTION = set("""
zijn hebben hadden waren werden worden kunnen konden moeten moesten mogen zouden zien zagen vinden vonden denken dachten
verwachten weten wisten menen achten constateren merken horen lezen ontvingen kregen gingen kwamen deden doen gaven namen
hielden stuurden voerden maakten spraken hoopten hopen vragen verzoeken begrijpen erkennen beseffen delen herkennen wilden
lieten informeren noemen beschrijven schetsen heeft is was
en dat die als of wat hoe waar toen omdat zoals nu dus ook wel niet nog daarom hier daar in op voor met aan over bij van door
maar want zodat terwijl waarmee waarbij waarop waarin wanneer nadat voordat tenzij mits welke wie waarom zowel doordat hoewel
indien hierbij hieronder hierna zo al toch echter alleen samen zelf graag eerst
""".split())
# weak past plurals ("werkten", "stuurden", "toonden"), not present forms such as "zetten", "breiden", "bieden"
_WEAK_PAST = re.compile(r"(?:k|p|f|ch|x)ten$|(?:r|v|z|aal|oel|eel|ool|uil|ijl|aan|oon|een|uin|eun|ein)den$")
# text about the text or the letter itself ("Hieronder noemen we de belangrijkste punten.")
_LEAD_IN = _rx(r"\bhet\s+volgende\s+(?:\w+\s+){0,2}?(?:afgesproken|overeengekomen|vastgesteld|besloten)\b")  # announces what follows
_ABOUT_TEXT = _rx(r"\b(?:hieronder|hierna|hierbij|in\s+deze\s+(?:brief|circulaire|nota|notitie))\b.{0,60}\b(?:noemen|geven|beschrijven|schetsen|"
                  r"lichten|informeren|gaan\s+we\s+in)\b|\bgeven\s+(?:we|wij)\s+aan\b|\bmaken\s+(?:we|wij)\s+(?:\w+\s+)?duidelijk\b"
                  r"|\bgeven\s+(?:we|wij)\s+(?:hoe|wat|een\s+(?:korte\s+)?(?:schets|overzicht))\b|\bin\s+dit\s+onderdeel\b|\bwordt\s+erop\s+gewezen\b")

# -- vetoes ---------------------------------------------------------------------------------------------
_PAST = _rx(rf"\b(?:heb(?:ben|t)?|heeft|hadden|had)\b{_WORD_IN_CLAUSE}{{0,25}}?\s+(?:ge\w+(?:d|t|en)|\w+(?:eerd|ierd)|(?:ver|be|ont|her|uit|op|toe|aan|in|af|over|mee|vast|door)\w*?ge\w+(?:d|t|en)|(?:be|ver|ont|her|onder|er)\w+(?:d|t|en)|willen\s+\w+en)\b"
            r"|\b(?:werd(?:en)?|was|waren)\b|\bis\s+(?:\w+\s+){0,12}?(?:vastgesteld|gebleken|genomen|gesloten|gemaakt|besloten|verwerkt|ontvangen|opgenomen|gestart|gepubliceerd|gedaan|geweest|ingegaan|vervallen|afgeschaft|verhoogd)\b"
            r"|\bzijn\s+(?:\w+\s+){0,12}?(?:vastgesteld|gebleken|genomen|gesloten|gemaakt|besloten|verwerkt|ontvangen|opgenomen|gestart|gevoegd|geplaatst|gedaan|geweest|gevraagd)\b")
_FUTURE_IN_PAST = _rx(r"\btoegezegd\b|\bafgesproken\b,?(?:\s+\S+){0,6}?\s+(?:dat|om|te|welke)\b|\bovereengekomen\b"
                      r"|\bgeagendeerd\b|\bopgenomen\s+dat\s+(?:we|wij)\b|\bonderschreven\s+om\b")
_INSTRUCTION = _rx(r"\bdien(?:t|en)\b(?:\s+\S+){0,30}?\s+te\b|\bverzoek(?:e)?\s+ik\s+u\b|\bik\s+verzoek\s+u\b|\bwordt\s+u\s+verzocht\b"
                   r"|\bu\s+dient\b|\bmoet(?:en)?\s+(?:\w+\s+){0,8}?worden\b|\bbehoren\s+te\b")
_POSSIBILITY = _rx(rf"\b(?:kan|kunnen|mag|mogen)\b{_WORD_IN_CLAUSE}{{0,14}}?\s+(?:wordt|worden)\b|\b(?:wordt|worden)\b{_WORD_IN_CLAUSE}{{0,14}}?\s+(?:kan|kunnen)\b"
                   r"|\bhet\s+kan\b|\bzou(?:den)?\b")
_CONSEQUENCE = _rx(r"\bwerk(?:t|en)\s+(?:\w+\s+){0,6}?door\s+(?:naar|in)\b|\bpensioengevend\w*|\bwerken\s+niet\s+door\b"
                   r"|\bheeft\s+(?:\w+\s+){0,3}?geen\s+invloed\b|\bhebben\s+geen\s+invloed\b")
_OPINION = _rx(r"\b(?:zijn|is)\s+(?:er\s+)?van\s+(?:mening|overtuigd)\b|\bhecht(?:en)?\s+(?:\w+\s+){0,3}?belang\b|\bvind(?:en)?\s+(?:wij|we)\b"
               r"|\b(?:wij|we)\s+vinden\b|\bachten\s+het\b|\bvan\s+belang\b|\bis\s+cruciaal\b|\bhet\s+spreekt\s+vanzelf\b|\bverwacht(?:en)?\b"
               r"|\b(?:wordt|worden)\s+(?:\w+\s+){0,4}?gezien\s+als\b|\bbeschouwd\b")
_DEFINITION = _rx(r"\bwordt\b.{0,30}\bverstaan\b|\bbetekent\s+(?:ook\s+)?dat\b|\bdit\s+betekent\b|\bdat\s+houdt\s+in\b|\bheeft\s+een\s+looptijd\b"
                  r"|\bbetreft\b|\bhet\s+gaat\s+om\b|^voor\s+(?:alle\s+)?duidelijkheid\b|\bwordt\s+berekend\b|\bwordt\s+uitgegaan\s+van\b"
                  r"|\bnaar\s+rato\b|\b(?:wordt|worden)\s+\w+\s+(?:omdat|doordat)\b")
_THIRD_PARTY = _rx(r"^(?:\w+\s+){0,3}?(?:de|een|bedoelde|elke|iedere)\s+(?:ambtenaar|werknemer|medewerker|betrokkene|initiatiefnemer)s?\b(?:\s+\S+){0,6}?\s+"
                   r"(?:is\s+verplicht|heeft\s+(?:daarbij\s+)?(?:o\.a\.\s+)?recht|kan|mag|dient|moet)\b")
_QUESTION = re.compile(r"\?\s*$")
_CAPABILITY = _rx(r"\b(?:kan|kunnen)\b")
_STRONG = {"reflexief engagement", "belofte", "afspraak"}


@dataclass(frozen=True)
class Judgement:
    """How clearly a sentence commits: ``score`` in [0, 1] (>= KEEP: a commitment; >= HIGH: clear),
    and the cue that decided, for explanations and tests."""

    score: float
    cue: str

    @property
    def is_commitment(self) -> bool:
        return self.score >= KEEP

    @property
    def confidence(self) -> str:
        return "high" if self.score >= HIGH else "low"


def we_action(sentence: str) -> bool:
    """First-person plural in the main clause with a finite verb that is no auxiliary, modal, perception
    or past form ("we investeren", "Alle adviezen nemen we over")."""
    for match in _WE_VERB.finditer(sentence):
        verb = (match.group("v1") or match.group("v2") or "").lower()
        if verb and verb not in _NOT_ACTION and not _WEAK_PAST.search(verb) and not _in_subclause(sentence, match.start()):
            return True
    return False


def _want(text: str) -> bool:
    """"willen (en zullen) we", not inside an indirect question ("… hoe we willen sturen")."""
    return _main_hit(_WANT, text)


def _positive(text: str, passive_measures: bool, named_subject: bool) -> tuple[float, str]:
    """The strongest positive cue of the sentence: (score, name)."""
    will = _WILL.search(text) and not _NOT_WILL.search(text)
    cues = (
        (0.95, "reflexief engagement", lambda: _REFLEXIVE.search(text)),
        (0.9, "belofte", lambda: _PROMISE.search(text)),
        (0.9, "afspraak", lambda: _AGREE.search(text)),
        (0.85, "zal/zullen", lambda: will),
        (0.85, "willen", lambda: _want(text)),
        (0.8, "werkgever neemt op zich", lambda: _main_hit(_EMPLOYER, text)),
        (0.8, "u krijgt", lambda: _SEND.search(text)),
        (0.8, "inspanning", lambda: _INSPAN.search(text)),
        (0.8, "wij + werkwoord", lambda: we_action(text)),
        (0.8, "actor + werkwoord", lambda: named_subject and _ACTS.search(text)),
        (0.75, "gaan + werkwoord", lambda: _GO.search(text)),
        (0.75, "er komt", lambda: _main_hit(_THERE_COMES, text)),
        (0.7, "verplicht", lambda: _main_hit(_OBLIGED, text)),
        (0.7, "passieve maatregel", lambda: passive_measures and _main_hit(_PASSIVE, text)),
        (0.6, "afgesproken maatregel", lambda: passive_measures and _main_hit(_MEASURE, text)),
        (0.55, "voornemen", lambda: _AIM.search(text)),
    )
    return next(((score, name) for score, name, hit in cues if hit()), (0.0, ""))


def _past(text: str) -> bool:
    """The main clause is in the past (a past form outside subordinate clauses), unless it reports a
    promise or agreement whose content is future ("hebben wij toegezegd … te verbeteren")."""
    return _main_hit(_PAST, text) and not _FUTURE_IN_PAST.search(text)


def judge(sentence: str, *, passive_measures: bool = True, listed: bool = False, named_subject: bool = False) -> Judgement:
    """How clearly ``sentence`` is a commitment.

    ``passive_measures``: the genre reports agreed measures, so passive and impersonal measures count
    (circulars, collective agreements, letters, government agreements; not the convenants, which name
    who commits). ``listed``: an item under a committing lead-in, a commitment unless it vetoes itself.
    ``named_subject``: the sentence has a known actor as subject, so a verb of action commits.
    """
    text = " ".join(sentence.split())
    if not text or _QUESTION.search(text):
        return Judgement(0.0, "vraag")
    main = main_clause(text)
    score, cue = _positive(main, passive_measures, named_subject)
    if not score and main != text:
        score, cue = _positive(text, passive_measures, named_subject)
    if listed and score < HIGH:
        score, cue = max(score, 0.8), cue or "lijstitem"
    if not score:
        return Judgement(0.0, "")
    veto = next((name for name, hit in (
        ("instructie", cue not in _STRONG and _INSTRUCTION.search(main)),
        ("mening", cue not in _STRONG | {"zal/zullen", "willen"} and _OPINION.search(main)),
        ("gevolg van bestaande regels", _CONSEQUENCE.search(main)),
        ("definitie", score < HIGH and _DEFINITION.search(main)),
        ("over de tekst zelf", cue not in _STRONG and _ABOUT_TEXT.search(main)),
        ("mogelijkheid", cue not in _STRONG | {"zal/zullen"} and _main_hit(_POSSIBILITY, main)),
        ("aankondiging van wat volgt", _LEAD_IN.search(main)),
        ("recht of plicht van een derde", not listed and _THIRD_PARTY.search(main)),
        ("verleden", cue not in {"zal/zullen", "willen", "gaan + werkwoord"} and _past(main)),
    ) if hit), None)
    if veto:
        return Judgement(0.0, veto)
    if _CAPABILITY.search(main) and score < HIGH:
        score -= 0.1
    return Judgement(round(score, 2), cue)
