"""Dutch commitment language: does a sentence commit someone to a future action, and how clearly?

A sentence is judged on its own (the caller adds what the context says: a committing list lead-in, the
document's genre). Positive cues, strongest first: reflexive engagements ("verbindt er zich toe",
"engageert zich", "neemt … op zich"), explicit promises ("zegt toe", "hebben wij toegezegd"),
agreements ("partijen spreken af", "is afgesproken", "overeengekomen"), "zal/zullen + werkwoord",
"willen (en zullen) we", "gaan + werkwoord", employer undertakings ("is bereid", "neemt het initiatief"),
first-person plural present tense ("we investeren", "nemen we over", "zorgen we ervoor"), and — in
genres that report agreed measures — passive measures ("worden … verhoogd", "komt te vervallen",
"er komt"). Negative cues veto or weaken: questions, the past ("hebben … vastgesteld", "werd"),
instructions ("dienen … te worden", "verzoek ik u"), predictions and consequences ("zullen daardoor",
"werken door naar", "pensioengevend"), opinions ("zijn van mening", "hechten belang"), definitions
("wordt verstaan", "betekent dat") and the rights or duties of employees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HIGH = 0.75  # a score from here on is clear commitment language ("high" confidence)
KEEP = 0.5  # below this a sentence is not a commitment

_FLAGS = re.I


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _FLAGS)


# -- positive cues: (name, pattern, score) ------------------------------------------------------------
_WE = r"(?:we|wij)"
_REFLEXIVE = _rx(r"\b(?:verbind(?:t|en)|verbond(?:en)?)\s+(?:\w+\s+){0,3}?(?:er\s+)?zich\b|\bengage(?:ert|ren)\s+(?:\w+\s+){0,2}?zich\b"
                 r"|\bverplicht(?:en)?\s+(?:\w+\s+){0,2}?zich\b|\bzich\s+(?:er)?toe\s+te\b|\bneem?t\s+.{0,60}\bop\s+zich\b"
                 r"|\bnemen\s+.{0,60}\bop\s+zich\b")
_PROMISE = _rx(r"\bzeg(?:t|gen)\s+(?:\w+\s+){0,4}?toe\b|\btoegezegd\b|\bbelo(?:ven|ofd?)\b|\btoezegging\b")
_AGREE = _rx(r"\bspre(?:ekt|ken)\s+(?:\w+\s+){0,4}?af\b|\bafgesproken\b|\bovereengekomen\b|\bkomen\s+(?:\w+\s+){0,3}?overeen\b"
             r"|\bmaken\s+(?:\w+\s+){0,3}?afspraken\b")
_WILL = _rx(r"\b(?:zal|zullen)\b")
_WANT = _rx(rf"\bwil(?:len)?\s+(?:en\s+zullen\s+)?{_WE}\b|\b{_WE}\s+wil(?:len)?\b|\bpartijen\s+willen\b|\bwil(?:len)?\s+partijen\b"
            rf"|\bwil(?:t|len)?\s+(?:\w+\s+){{0,6}}?(?:meewerken|bijdragen|investeren|inzetten|invoeren|ondersteunen|zorgen|"
            rf"realiseren|onderzoeken|versterken|uitbreiden|verbeteren|stimuleren|beschermen|werken)\b")
_GO = _rx(r"\bga(?:at|an)\s+(?!(?:naar|over|om|door|uit|met|in|op|van|voor|er|het|de|een|nog|niet|verloren|gepaard)\b)"
          r"(?:\w+\s+){0,8}?(?:\w+en)\s*(?:[.,;]|$)")
# a named actor followed by a verb of action in the present tense ("De sectorconsulenten begeleiden ...")
_ACTION = (r"ondersteun(?:t|en)|begeleid(?:t|en)|voorzie(?:t|n)|neemt\s+deel|nemen\s+deel|organiseert|organiseren|"
           r"zorg(?:t|en)\s+voor|werk(?:t|en)\s+samen|financier(?:t|en)|subsidieert|subsidiëren|investeert|investeren|"
           r"stimuleert|stimuleren|ontwikkelt|ontwikkelen|bezorgt|bezorgen|verspreidt|verspreiden|stelt\s+\w+\s+ter\s+beschikking")
_ACTS = _rx(rf"^(?:(?:de|het)\s+)?(?:[\w-]+\s+){{1,4}}?(?:{_ACTION})\b")
_EMPLOYER = _rx(r"\b(?:is|zijn)\s+bereid\b|\bneemt\s+het\s+initiatief\b|\berkent\s+de\s+aansprakelijkheid\b"
                r"|\b(?:is|zijn)\s+(?:vanzelfsprekend\s+)?verantwoordelijk\s+voor\b|\bhet\s+is\s+aan\s+(?:het|de)\b")
_OBLIGED = _rx(r"\b(?:is|zijn)\s+verplicht\b")
_THERE_COMES = _rx(r"\ber\s+kom(?:t|en)\b|\bkom(?:t|en)\s+er\b")
_SEND = _rx(r"\b(?:krijgt|ontvangt)\s+u\b|\bu\s+(?:ontvangt|krijgt)\b|\bwordt\s+u\s+(?:\w+\s+){0,3}?(?:bericht|geïnformeerd|ingelicht)\b")
_INSPAN = _rx(r"\bzich\s+(?:blijven\s+)?inspann?en\b|\binspannen\b|\bons\s+inspannen\b")
# passive and impersonal agreed measures
_PASSIVE = _rx(r"\b(?:wordt|worden)\b(?:\s+\S+){0,30}?\s+(?:ge\w+(?:d|t|en)|\w+(?:eerd|erd|ieerd)|(?:ver|be|ont|her|uit|op|toe|aan|in|af|door|over|mee|vast|voort|bij|weg|terug|om|na)\w*(?:d|t|en))\b")
_MEASURE = _rx(r"\bkom(?:t|en)\s+(?:\w+\s+){0,6}?te\s+vervallen\b|\bvervalt\b|\bwijzigt\s+in\b|\bkom(?:t|en)\s+(?:\w+\s+){0,8}?tot\s+uitbetaling\b"
               r"|\bgaat\s+in\s+(?:per|op|met)\b|\bwerkt\s+terug\b|\bvindt\s+(?:\w+\s+){0,6}?plaats\b|\bontvang(?:t|en)\b(?:\s+\S+){0,20}?\s+(?:een\s+)?(?:eenmalige|extra)?\s*(?:uitkering|tegemoetkoming|vergoeding|reactie)\b"
               r"|\bkrijg(?:t|en)\b(?:\s+\S+){0,12}?\s+(?:de\s+ruimte|dezelfde|een\s+voorrangspositie|voorrang)\b|\bheeft\b(?:\s+\S+){0,10}?\s+een\s+voorrangspositie\b"
               r"|\bwordt\s+het\b(?:\s+\S+){0,6}?\s+mogelijk\b|\bblijft\s+(?:\w+\s+){0,4}?(?:gehandhaafd|gelden|bestaan)\b|\bis\s+in\s+onderzoek\b"
               r"|\bwijzigt\s+(?:\w+\s+){0,6}?niet\b|\bgeldt\s+(?:voor|dat|vanaf|met\s+ingang)\b|\bbetrekken\s+partijen\b|\bverlengen\s+partijen\b")
_AIM = _rx(r"\bbeog?en\b|\bbeoogt\b|\b(?:de|als)\s+intentie\b|\binsteek\s+(?:van|is)\b|\buitgangspunt\s+(?:van|is|blijft)\b|\bblijft\s+.{0,40}uitgangspunt\b")
# first-person plural with a verb in the present tense (either order: "we investeren", "nemen we over")
_WE_VERB = _rx(rf"(?:^|[,;:]\s*|\b(?:en|ook|daarom|daarmee|daarnaast|hiermee|hierdoor|zo|dan|ook)\s+){_WE}\s+(?P<v1>\w+)\b"
               rf"|\b(?P<v2>\w+)\s+{_WE}\b")

_NOT_ACTION = {  # finite verbs after/before "we" that do not commit: being, having, seeing, thinking, modal
    "zijn", "hebben", "hadden", "waren", "werden", "worden", "kunnen", "konden", "moeten", "moesten", "mogen",
    "zouden", "zien", "zagen", "vinden", "vonden", "denken", "dachten", "verwachten", "weten", "wisten",
    "menen", "achten", "constateren", "merken", "horen", "lezen", "ontvingen", "kregen", "gingen", "kwamen",
    "deden", "gaven", "namen", "hielden", "stuurden", "voerden", "maakten", "spraken", "hoopten", "hopen",
    "vragen", "verzoeken", "begrijpen", "erkennen", "beseffen", "delen", "herkennen", "wilden", "lieten", "informeren",
    "heeft", "is", "was", "en", "dat", "die", "als", "of", "wat", "hoe", "waar", "toen", "omdat", "zoals", "nu", "dus",
    "ook", "wel", "niet", "nog", "daarom", "hier", "daar", "in", "op", "voor", "met", "aan", "over", "bij", "van", "door",
}
_NOT_WILL = _rx(r"\b(?:zal|zullen)\s+(?:\w+\s+){0,6}?(?:daardoor|dus|waarschijnlijk|wellicht|mogelijk|naar\s+verwachting)\b"
                r"|\b(?:zal|zullen)\s+(?:\w+\s+){0,10}?(?:raken|leiden\s+tot|betekenen|ontstaan|nodig\s+zijn|pensioengevend\s+zijn)\b"
                r"|\bzullen\s+(?:in\s+de\s+praktijk\s+)?wellicht\b|\bzou(?:den)?\b")

# -- negative cues ------------------------------------------------------------------------------------
_PAST = _rx(r"\b(?:heb(?:ben|t)?|heeft|hadden|had)\b(?:\s+\S+){0,25}?\s+(?:ge\w+(?:d|t|en)|\w+(?:eerd|ierd)|(?:ver|be|ont|her|uit|op|toe|aan|in|af|over|mee|vast|door)\w*?ge\w+(?:d|t|en)|(?:be|ver|ont|her|onder|er)\w+(?:d|t|en))\b"
            r"|\b(?:werd(?:en)?|was|waren)\b|\bis\s+(?:\w+\s+){0,12}?(?:vastgesteld|gebleken|genomen|gesloten|gemaakt|besloten|verwerkt|ontvangen|opgenomen|gestart|gepubliceerd|gedaan|geweest|ingegaan|vervallen|afgeschaft)\b"
            r"|\bzijn\s+(?:\w+\s+){0,12}?(?:vastgesteld|gebleken|genomen|gesloten|gemaakt|besloten|verwerkt|ontvangen|opgenomen|gestart|gevoegd|geplaatst|gedaan|geweest|gevraagd)\b")
_FUTURE_IN_PAST = _rx(r"\btoegezegd\b|\bafgesproken\b(?:\s+\S+){0,6}?\s+(?:dat|om|te|welke)\b|\bafgesproken\s+welke\b|\bovereengekomen\b"
                      r"|\bgeagendeerd\b|\bopgenomen\s+dat\s+(?:we|wij)\b|\bonderschreven\s+om\b")
_INSTRUCTION = _rx(r"\bdien(?:t|en)\b(?:\s+\S+){0,30}?\s+te\b|\bverzoek(?:e)?\s+ik\s+u\b|\bik\s+verzoek\s+u\b|\bwordt\s+u\s+verzocht\b"
                   r"|\bu\s+dient\b|\bmoet(?:en)?\s+(?:\w+\s+){0,8}?worden\b|\bbehoren\s+te\b")
_CONSEQUENCE = _rx(r"\bwerk(?:t|en)\s+(?:\w+\s+){0,6}?door\s+(?:naar|in)\b|\bpensioengevend\b|\bwerken\s+niet\s+door\b"
                   r"|\bheeft\s+(?:\w+\s+){0,3}?geen\s+invloed\b|\bhebben\s+geen\s+invloed\b")
_OPINION = _rx(r"\b(?:zijn|is)\s+(?:er\s+)?van\s+(?:mening|overtuigd)\b|\bhecht(?:en)?\s+(?:\w+\s+){0,3}?belang\b|\bvind(?:en)?\s+(?:wij|we)\b"
               r"|\b(?:wij|we)\s+vinden\b|\bachten\s+het\b|\bvan\s+belang\b|\bis\s+cruciaal\b|\bhet\s+spreekt\s+vanzelf\b|\bverwacht(?:en)?\b")
_DEFINITION = _rx(r"\bwordt\s+(?:niet\s+)?verstaan\b|\bbetekent\s+(?:ook\s+)?dat\b|\bdit\s+betekent\b|\bdat\s+houdt\s+in\b|\bheeft\s+een\s+looptijd\b"
                  r"|\bbetreft\b|\bhet\s+gaat\s+om\b|\bvoor\s+(?:alle\s+)?duidelijkheid\b|\bwordt\s+berekend\b")
_THIRD_PARTY = _rx(r"^(?:\w+\s+){0,3}?(?:de|een|bedoelde|elke|iedere)\s+(?:ambtenaar|werknemer|medewerker|betrokkene|initiatiefnemer)s?\b(?:\s+\S+){0,6}?\s+"
                   r"(?:is\s+verplicht|heeft\s+(?:daarbij\s+)?(?:o\.a\.\s+)?recht|kan|mag|dient|moet)\b")
_QUESTION = re.compile(r"\?\s*$")
_CAPABILITY = _rx(r"\b(?:kan|kunnen)\b")


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
    """First-person plural with a finite verb that is no auxiliary, modal, perception or past form."""
    for match in _WE_VERB.finditer(sentence):
        verb = (match.group("v1") or match.group("v2") or "").lower()
        if verb and verb not in _NOT_ACTION and not re.search(r"(?:de|te)n$", verb[-4:] if len(verb) > 6 else ""):
            return True
    return False


def _positive(sentence: str, passive_measures: bool, named_subject: bool) -> tuple[float, str]:
    """The strongest positive cue of the sentence: (score, name)."""
    will = _WILL.search(sentence) and not _NOT_WILL.search(sentence)
    cues = (
        (0.95, "reflexief engagement", _REFLEXIVE.search(sentence)),
        (0.9, "belofte", _PROMISE.search(sentence)),
        (0.9, "afspraak", _AGREE.search(sentence)),
        (0.85, "zal/zullen", will),
        (0.85, "willen", _WANT.search(sentence)),
        (0.8, "werkgever neemt op zich", _EMPLOYER.search(sentence)),
        (0.8, "u krijgt", _SEND.search(sentence)),
        (0.8, "inspanning", _INSPAN.search(sentence)),
        (0.8, "wij + werkwoord", we_action(sentence)),
        (0.8, "actor + werkwoord", named_subject and _ACTS.search(sentence)),
        (0.75, "gaan + werkwoord", _GO.search(sentence)),
        (0.75, "er komt", _THERE_COMES.search(sentence)),
        (0.7, "verplicht", _OBLIGED.search(sentence)),
        (0.7 if passive_measures else 0.0, "passieve maatregel", _PASSIVE.search(sentence)),
        (0.6 if passive_measures else 0.0, "afgesproken maatregel", _MEASURE.search(sentence)),
        (0.55, "voornemen", _AIM.search(sentence)),
    )
    return next(((score, name) for score, name, hit in cues if hit and score), (0.0, ""))


def judge(sentence: str, *, passive_measures: bool = True, listed: bool = False, named_subject: bool = False) -> Judgement:
    """How clearly ``sentence`` is a commitment.

    ``passive_measures``: the genre reports agreed measures, so passive and impersonal measures count
    (circulars, collective agreements, letters, government agreements; not the convenants, which name
    who commits). ``listed``: an item under a committing lead-in, a commitment unless it vetoes itself.
    ``named_subject``: the sentence opens with a known actor, so a verb of action after it commits.
    """
    text = " ".join(sentence.split())
    if not text or _QUESTION.search(text):
        return Judgement(0.0, "vraag")
    score, cue = _positive(text, passive_measures, named_subject)
    if listed and score < HIGH:
        score, cue = max(score, 0.8), cue or "lijstitem"
    if not score:
        return Judgement(0.0, "")
    if _INSTRUCTION.search(text) and cue not in {"reflexief engagement", "afspraak"}:
        return Judgement(0.0, "instructie")
    if _OPINION.search(text) and cue not in {"reflexief engagement", "afspraak", "zal/zullen", "willen"}:
        return Judgement(0.0, "mening")
    if _CONSEQUENCE.search(text):
        return Judgement(0.0, "gevolg van bestaande regels")
    if _DEFINITION.search(text) and score < 0.85:
        return Judgement(0.0, "definitie")
    if _THIRD_PARTY.search(text) and not listed:
        return Judgement(0.0, "recht of plicht van een derde")
    if _PAST.search(text) and not _FUTURE_IN_PAST.search(text) and cue not in {"zal/zullen", "willen"}:
        if not (cue == "wij + werkwoord" and not re.search(r"\b(?:hebben|heeft)\s+(?:we|wij)\b|\b(?:we|wij)\s+hebben\b", text, _FLAGS)):
            return Judgement(0.0, "verleden")
    if _CAPABILITY.search(text) and score < HIGH:
        score -= 0.1
    return Judgement(round(score, 2), cue)
